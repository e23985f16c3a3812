package io.chouette.core.dogstatsd;

import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.config.DogStatsdSocketsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The transports the DogStatsD server listens on, all feeding the same buckets: UDP ({@code
 * DOGSTATSD_PORT}), the Unix datagram socket ({@code DOGSTATSD_SOCKET}) and the Unix stream socket
 * ({@code DOGSTATSD_STREAM_SOCKET}), each with its own reader and processor threads.
 */
final class DogStatsdListeners implements AutoCloseable {

  private final List<DogStatsdListener> listeners;

  private DogStatsdListeners(List<DogStatsdListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Binds every configured transport; fails (closing those already bound) when one cannot be.
   *
   * @param udp whether to bind UDP (tests bind an ephemeral port 0)
   */
  static CompletableFuture<DogStatsdListeners> start(
      DogStatsdConfig config, boolean udp, DogStatsdBuckets buckets) {
    List<CompletableFuture<? extends DogStatsdListener>> starting = new ArrayList<>();
    List<String> addresses = new ArrayList<>(); // of each transport, for a failure's message
    // One warm-up is enough: the receive path is the same for every transport.
    int warmUp = ReceiverWarmUp.DATAGRAMS;
    if (udp) {
      starting.add(DogStatsdReceiver.start(config, buckets, warmUp));
      addresses.add("udp://" + config.host() + ":" + config.port());
      warmUp = 0;
    }
    DogStatsdSocketsConfig sockets = config.sockets();
    if (sockets.datagram() != null) {
      starting.add(
          DogStatsdReceiver.startUnix(
              sockets.datagram(),
              sockets.mode(),
              config.receiveBufferBytes(),
              config.origin().enabled(),
              buckets,
              warmUp));
      addresses.add("uds://" + sockets.datagram());
    }
    if (sockets.stream() != null) {
      starting.add(DogStatsdStreamReceiver.start(sockets.stream(), sockets.mode(), buckets));
      addresses.add("uds_stream://" + sockets.stream());
    }
    CompletableFuture<DogStatsdListeners> result = new CompletableFuture<>();
    CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new))
        .whenComplete(
            (done, failure) -> {
              List<DogStatsdListener> bound = new ArrayList<>();
              String failed = null;
              for (int i = 0; i < starting.size(); i++) {
                if (starting.get(i).isCompletedExceptionally()) {
                  failed = failed == null ? addresses.get(i) : failed;
                } else {
                  bound.add(starting.get(i).join());
                }
              }
              DogStatsdListeners listeners = new DogStatsdListeners(bound);
              if (failure != null) {
                listeners.close();
                Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                result.completeExceptionally(new IOException(failed + ": " + cause, cause));
              } else if (!result.complete(listeners)) {
                listeners.close(); // the caller gave up (cancelled) while they were binding
              }
            });
    return result;
  }

  List<DogStatsdListener> all() {
    return listeners;
  }

  /** The bound UDP address, when UDP listens. */
  Optional<InetSocketAddress> udpAddress() {
    return listeners.stream()
        .map(DogStatsdListener::udpAddress)
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** Stops every transport; each returns once what it read is aggregated. */
  @Override
  public void close() {
    listeners.forEach(DogStatsdListener::close);
  }
}
