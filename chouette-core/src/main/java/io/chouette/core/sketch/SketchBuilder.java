package io.chouette.core.sketch;

/**
 * An open distribution sketch: DogStatsD {@code |d} samples go in, a {@link DistributionSketch}
 * comes out of {@link #close()}. It reproduces the Datadog Agent's insert-optimised sketch ({@code
 * pkg/quantile/agent.go}) step for step, so the same samples in the same order give the same bins
 * and summary as an Agent:
 *
 * <ul>
 *   <li>an unsampled sample updates the summary and its key waits in a buffer of {@value
 *       #BUFFER_SIZE}; a full buffer is sorted and merged into the sparse bins, which are then
 *       trimmed to 4,096 bins;
 *   <li>a sampled sample ({@code |@r}, 0 &lt; r &lt; 1) counts {@code 1/r} times: the summary gets
 *       {@code cnt += (long) (1/r)} and {@code sum += (1/r)·v}, and the buffer is merged first,
 *       then {@code (int) (1/r)} samples of the key;
 *   <li>{@link #close()} merges what is left in the buffer.
 * </ul>
 *
 * <p>Trimming happens at each merge, as in the Agent, so the merge points are part of the result
 * once a sketch spans more than 4,096 keys.
 *
 * <p>Allocation-free once its arrays have grown to the data (the buffer is sorted with a two-pass
 * radix sort), and reusable: {@link #close()} leaves it empty. Not thread-safe: one builder per
 * context and window, used by one thread at a time.
 */
public final class SketchBuilder {

  /** Keys buffered before a merge: the Agent's {@code agentBufCap}. */
  static final int BUFFER_SIZE = 512;

  /**
   * The largest weight of one sampled sample: the Agent's {@code Config.MaxCount()}, 4,096 full
   * bins. A smaller rate is counted as this weight (the Agent's integer conversions of larger
   * weights depend on the CPU).
   */
  static final double MAX_WEIGHT = (double) SketchBins.BIN_LIMIT * SketchBins.MAX_BIN_COUNT;

  private final SketchBins bins = new SketchBins();
  private final int[] buffer = new int[BUFFER_SIZE];
  private int buffered;

  private long cnt;
  private double min;
  private double max;
  private double sum;
  private double avg;

  /** An empty sketch. */
  public SketchBuilder() {}

  /**
   * Adds one unsampled sample.
   *
   * @return false, and the sketch unchanged, when {@code v} is NaN or infinite: the Agent's
   *     aggregator drops such samples
   */
  public boolean insert(double v) {
    if (!Double.isFinite(v)) {
      return false;
    }
    if (v > max || cnt == 0) {
      max = v;
    }
    if (v < min || cnt == 0) {
      min = v;
    }
    cnt++;
    sum += v;
    // incremental mean, as the Agent's summary, for its rounding
    avg += (v - avg) / cnt;
    buffer[buffered++] = SketchKeys.key(v);
    if (buffered == BUFFER_SIZE) {
      flush();
    }
    return true;
  }

  /**
   * Adds one sample sent with a sample rate, as the Agent's {@code Agent.Insert(v, sampleRate)}. A
   * rate outside (0, 1], or NaN, counts as 1.
   *
   * @return false, and the sketch unchanged, when {@code v} is NaN or infinite
   */
  public boolean insert(double v, double sampleRate) {
    if (!(sampleRate > 0 && sampleRate <= 1) || sampleRate == 1) {
      return insert(v);
    }
    if (!Double.isFinite(v)) {
      return false;
    }
    double n = Math.min(1 / sampleRate, MAX_WEIGHT);
    insertSummary(v, n);
    flush();
    // the Agent truncates 1/rate to a whole count, "to match histograms"
    bins.insertCount(SketchKeys.key(v), (int) n);
    return true;
  }

  /** True when nothing was inserted since creation or the last {@link #close()}. */
  public boolean isEmpty() {
    return cnt == 0 && buffered == 0;
  }

  /** Samples counted so far, sampled ones by their weight (the summary's {@code cnt}). */
  public long count() {
    return cnt;
  }

  // visible for testing
  int buffered() {
    return buffered;
  }

  // visible for testing
  long merged() {
    return bins.count();
  }

  /**
   * Merges the buffered keys and returns the sketch (with {@code cnt == 0} and no bins if nothing
   * was inserted), then empties this builder for reuse.
   */
  public DistributionSketch close() {
    flush();
    DistributionSketch sketch =
        new DistributionSketch(cnt, min, max, sum, avg, bins.keysCopy(), bins.countsCopy());
    reset();
    return sketch;
  }

  /** Drops everything inserted; the builder keeps its arrays. */
  public void reset() {
    bins.clear();
    buffered = 0;
    cnt = 0;
    min = 0;
    max = 0;
    sum = 0;
    avg = 0;
  }

  /** The Agent's {@code Summary.InsertN}: merging a summary of n samples of v. */
  private void insertSummary(double v, double n) {
    long oCnt = (long) n;
    if (cnt == 0) {
      cnt = oCnt;
      sum = n * v;
      min = v;
      max = v;
      avg = v;
      return;
    }
    if (oCnt == 0) {
      return;
    }
    if (v > max) {
      max = v;
    }
    if (v < min) {
      min = v;
    }
    cnt += oCnt;
    sum += n * v;
    avg = avg + (v - avg) * (double) oCnt / (double) cnt;
  }

  /** Sorts the buffered keys and merges them into the bins. */
  private void flush() {
    if (buffered == 0) {
      return;
    }
    radixSort(buffered);
    bins.insertSorted(buffer, buffered);
    buffered = 0;
  }

  /**
   * Sorts {@code buffer[0..length)} ascending: keys fit in 16 bits once offset by 2^15, so two
   * stable counting passes (low byte, then high byte) sort them; a pass whose byte is the same for
   * every key is skipped.
   */
  private void radixSort(int length) {
    SketchScratch scratch = SketchScratch.current();
    int[] low = scratch.lowHistogram;
    int[] high = scratch.highHistogram;
    java.util.Arrays.fill(low, 0);
    java.util.Arrays.fill(high, 0);
    for (int i = 0; i < length; i++) {
      int u = buffer[i] + (1 << 15);
      low[u & 0xFF]++;
      high[u >>> 8]++;
    }
    if (low[(buffer[0] + (1 << 15)) & 0xFF] != length) {
      scatter(low, 0, length, scratch.sortSpare);
    }
    if (high[(buffer[0] + (1 << 15)) >>> 8] != length) {
      scatter(high, 8, length, scratch.sortSpare);
    }
  }

  /** One counting pass from {@code buffer} into {@code to}, copied back into {@code buffer}. */
  private void scatter(int[] histogram, int shift, int length, int[] to) {
    int start = 0;
    for (int b = 0; b < 256; b++) {
      int c = histogram[b];
      histogram[b] = start;
      start += c;
    }
    for (int i = 0; i < length; i++) {
      int k = buffer[i];
      to[histogram[((k + (1 << 15)) >>> shift) & 0xFF]++] = k;
    }
    System.arraycopy(to, 0, buffer, 0, length);
  }
}
