package io.chouette.collectors.k8s;

import java.io.IOException;

/**
 * Where the k8s plugin reads the kubelet's {@code /stats/summary}: the kubelet itself with a client
 * certificate ({@link KubeletApi}), or the API server's node proxy with the pod's service account
 * ({@link ApiServerProxyApi}). A fake in tests.
 */
public interface KubeApi extends AutoCloseable {

  /** The summary's JSON text. */
  String statsSummary() throws IOException;

  /** Where the summary comes from, for messages. */
  String describe();

  /** Releases connections; idempotent. The next call reconnects. */
  @Override
  void close();
}
