package io.chouette.core.send;

/**
 * Datadog's documented request limits, which every payload respects (oversized bulks are split).
 *
 * <ul>
 *   <li>Metrics, <a href="https://docs.datadoghq.com/api/latest/metrics/#submit-metrics">Submit
 *       metrics</a>: "3.2 megabytes (3200000 bytes)" compressed, "62 megabytes (62914560 bytes)"
 *       decompressed.
 *   <li>Logs, <a href="https://docs.datadoghq.com/api/latest/logs/#send-logs">Send logs</a>:
 *       "Maximum content size per payload (uncompressed): 5MB", "Maximum size for a single log:
 *       1MB", "Maximum array size if sending multiple logs in an array: 1000 entries".
 * </ul>
 *
 * The megabyte figures of the logs page are read as decimal megabytes, the stricter reading.
 */
final class DatadogLimits {
  private DatadogLimits() {}

  static final long METRICS_MAX_COMPRESSED_BYTES = 3_200_000L;
  static final long METRICS_MAX_UNCOMPRESSED_BYTES = 62_914_560L;

  static final long LOGS_MAX_UNCOMPRESSED_BYTES = 5_000_000L;
  static final int LOGS_MAX_ENTRIES = 1000;
  static final int LOG_MAX_BYTES = 1_000_000;
}
