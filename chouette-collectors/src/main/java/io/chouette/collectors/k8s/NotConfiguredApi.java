package io.chouette.collectors.k8s;

import java.io.IOException;

/**
 * The k8s plugin was listed but neither mode is configured: every collection is one warning that
 * says what to set, and nothing else.
 */
final class NotConfiguredApi implements KubeApi {

  private final String reason;

  NotConfiguredApi(String reason) {
    this.reason = reason;
  }

  @Override
  public String statsSummary() throws IOException {
    throw new IOException(reason);
  }

  @Override
  public String describe() {
    return "the stats summary";
  }

  @Override
  public void close() {}
}
