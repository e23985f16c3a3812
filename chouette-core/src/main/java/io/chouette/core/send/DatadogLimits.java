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
 *   <li>Events, <a href="https://docs.datadoghq.com/api/latest/events/#post-an-event">Post an
 *       event</a>: the text is "Limited to 4000 characters", the aggregation key "Limited to 100
 *       characters", and events may be no older than 18 hours; the title is at most 100 characters
 *       (the event model of the same page's v2 tab). One event per request; no body limit is
 *       documented, so Chouette keeps 1 MB as a guard.
 *   <li>Service checks, <a
 *       href="https://docs.datadoghq.com/api/latest/service-checks/#submit-a-service-check">Submit
 *       a service check</a>: "Service checks can be submitted up to 10 minutes in the past";
 *       messages over 500 characters are cut by Datadog, not refused. No count or size limit is
 *       documented: Chouette sends at most 1000 checks per request and keeps the metrics endpoint's
 *       compressed and the logs endpoint's uncompressed limits.
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

  static final int EVENT_TITLE_MAX_CHARS = 100;
  static final int EVENT_TEXT_MAX_CHARS = 4000;
  static final int EVENT_AGGREGATION_KEY_MAX_CHARS = 100;
  static final long EVENT_MAX_BYTES = 1_000_000L;

  static final int SERVICE_CHECKS_MAX_ENTRIES = 1000;
}
