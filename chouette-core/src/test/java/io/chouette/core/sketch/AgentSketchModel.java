package io.chouette.core.sketch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A deliberately plain model of the Datadog Agent's {@code quantile.Agent} (agent.go, store.go,
 * bin.go, summary.go), written for the tests from the Agent's description: lists, a full sort per
 * flush, a separate overflow list in trimLeft. {@link SketchBuilder} must give exactly its result.
 */
final class AgentSketchModel {

  private static final int MAX = 65535;
  private static final int LIMIT = 4096;

  /** Bins as {key, count} pairs. */
  private List<int[]> bins = new ArrayList<>();

  private final List<Integer> buffer = new ArrayList<>();
  private final List<int[]> countBuffer = new ArrayList<>();
  private long cnt;
  private double min;
  private double max;
  private double sum;
  private double avg;

  void insert(double v) {
    if (!Double.isFinite(v)) {
      return;
    }
    summaryInsert(v);
    buffer.add(SketchKeys.key(v));
    if (buffer.size() < 512) {
      return;
    }
    flush();
  }

  void insert(double v, double rate) {
    if (!Double.isFinite(v)) {
      return;
    }
    if (!(rate > 0 && rate <= 1)) {
      rate = 1;
    }
    if (rate == 1) {
      insert(v);
      return;
    }
    double n = Math.min(1 / rate, 4096.0 * MAX);
    summaryMerge((long) n, n * v, v, v, v);
    countBuffer.add(new int[] {SketchKeys.key(v), (int) n});
    flush();
  }

  DistributionSketch close() {
    flush();
    int[] k = new int[bins.size()];
    int[] n = new int[bins.size()];
    for (int i = 0; i < k.length; i++) {
      k[i] = bins.get(i)[0];
      n[i] = bins.get(i)[1];
    }
    return new DistributionSketch(cnt, min, max, sum, avg, k, n);
  }

  private void summaryInsert(double v) {
    if (v > max || cnt == 0) {
      max = v;
    }
    if (v < min || cnt == 0) {
      min = v;
    }
    cnt++;
    sum += v;
    avg += (v - avg) / cnt;
  }

  private void summaryMerge(long oCnt, double oSum, double oMin, double oMax, double oAvg) {
    if (cnt == 0) {
      cnt = oCnt;
      sum = oSum;
      min = oMin;
      max = oMax;
      avg = oAvg;
      return;
    }
    if (oCnt == 0) {
      return;
    }
    if (oMax > max) {
      max = oMax;
    }
    if (oMin < min) {
      min = oMin;
    }
    cnt += oCnt;
    sum += oSum;
    avg = avg + (oAvg - avg) * (double) oCnt / (double) cnt;
  }

  private void flush() {
    if (!buffer.isEmpty()) {
      insertKeys(buffer);
      buffer.clear();
    }
    if (!countBuffer.isEmpty()) {
      insertCounts(countBuffer);
      countBuffer.clear();
    }
  }

  private void insertKeys(List<Integer> keys) {
    Collections.sort(keys);
    List<int[]> tmp = new ArrayList<>();
    int s = 0;
    int i = 0;
    while (s < bins.size() && i < keys.size()) {
      int[] b = bins.get(s);
      int vk = keys.get(i);
      if (b[0] < vk) {
        tmp.add(b);
        s++;
      } else if (b[0] > vk) {
        int kn = leadingEqual(keys, i);
        appendSafe(tmp, vk, kn);
        i += kn;
      } else {
        int kn = leadingEqual(keys, i);
        appendSafe(tmp, b[0], b[1] + kn);
        s++;
        i += kn;
      }
    }
    tmp.addAll(bins.subList(s, bins.size()));
    while (i < keys.size()) {
      int kn = leadingEqual(keys, i);
      appendSafe(tmp, keys.get(i), kn);
      i += kn;
    }
    bins = trimLeft(tmp);
  }

  private void insertCounts(List<int[]> kcs) {
    kcs.sort((a, b) -> Integer.compare(a[0], b[0]));
    List<int[]> tmp = new ArrayList<>();
    int s = 0;
    int i = 0;
    while (s < bins.size() && i < kcs.size()) {
      int[] b = bins.get(s);
      int vk = kcs.get(i)[0];
      int kn = kcs.get(i)[1];
      if (b[0] < vk) {
        tmp.add(b);
        s++;
      } else if (b[0] > vk) {
        appendSafe(tmp, vk, kn);
        i++;
      } else {
        appendSafe(tmp, b[0], b[1] + kn);
        s++;
        i++;
      }
    }
    tmp.addAll(bins.subList(s, bins.size()));
    while (i < kcs.size()) {
      appendSafe(tmp, kcs.get(i)[0], kcs.get(i)[1]);
      i++;
    }
    bins = trimLeft(tmp);
  }

  private static int leadingEqual(List<Integer> keys, int start) {
    int i = start;
    while (i < keys.size() && keys.get(i).equals(keys.get(start))) {
      i++;
    }
    return i - start;
  }

  static void appendSafe(List<int[]> bins, int k, int n) {
    if (n <= MAX) {
      bins.add(new int[] {k, n});
      return;
    }
    int r = n % MAX;
    if (r != 0) {
      bins.add(new int[] {k, r});
    }
    for (int i = 0; i < n / MAX; i++) {
      bins.add(new int[] {k, MAX});
    }
  }

  private static List<int[]> trimLeft(List<int[]> a) {
    if (a.size() <= LIMIT) {
      return a;
    }
    int remove = a.size() - LIMIT;
    int missing = 0;
    List<int[]> overflow = new ArrayList<>();
    for (int i = 0; i < remove; i++) {
      missing += a.get(i)[1];
      if (missing > MAX) {
        overflow.add(new int[] {a.get(i)[0], MAX});
        missing -= MAX;
      }
    }
    int[] kept = a.get(remove).clone();
    int next = kept[1] + missing;
    if (next > MAX) {
      kept[1] = MAX;
      appendSafe(overflow, kept[0], next - MAX);
    } else {
      kept[1] = next;
    }
    if (overflow.size() > remove) {
      throw new AssertionError("overflow > nRemove");
    }
    List<int[]> result = new ArrayList<>(overflow);
    result.add(kept);
    result.addAll(a.subList(remove + 1, a.size()));
    return result;
  }
}
