package io.chouette.core.send;

/**
 * What one release run did; the answer to {@code ReleaseNow}.
 *
 * @param outcome how it ended ({@link SendOutcome#BUSY} or {@link SendOutcome#BACKING_OFF} when it
 *     did not run)
 * @param delivered records Datadog accepted
 * @param dropped records dropped as unsendable (invalid, rejected alone by Datadog, oversized)
 * @param bulks bulks taken from the queue
 * @param bytes compressed bytes Datadog accepted
 * @param detail a short explanation of a failure, empty otherwise
 */
public record SendReport(
    SendOutcome outcome, long delivered, long dropped, int bulks, long bytes, String detail) {

  static SendReport skipped(SendOutcome outcome) {
    return new SendReport(outcome, 0, 0, 0, 0, "");
  }
}
