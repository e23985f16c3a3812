package io.chouette.storage.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of Redis that forwards everything until a client sends {@code EXEC}; then it
 * closes both sides without forwarding the EXEC, as a crash between queueing a transaction and
 * committing it would. Counts the cuts.
 */
final class CuttingProxy implements AutoCloseable {

  /** {@code EXEC} as RESP writes it: an array of one bulk string. */
  private static final byte[] EXEC = "*1\r\n$4\r\nEXEC\r\n".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final int targetPort;
  private final AtomicInteger cuts = new AtomicInteger();
  private final CopyOnWriteArrayList<Socket> sockets = new CopyOnWriteArrayList<>();

  CuttingProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "cutting-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  int cuts() {
    return cuts.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(upstream);
        start(() -> pumpCuttingAtExec(client, upstream));
        start(() -> pump(upstream, client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void start(Runnable runnable) {
    Thread thread = new Thread(runnable, "cutting-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private void pumpCuttingAtExec(Socket from, Socket to) {
    // Bytes not yet forwarded because they might be the start of EXEC.
    byte[] held = new byte[0];
    byte[] buffer = new byte[64 * 1024];
    try (from;
        to) {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int read;
      while ((read = in.read(buffer)) > 0) {
        byte[] data = new byte[held.length + read];
        System.arraycopy(held, 0, data, 0, held.length);
        System.arraycopy(buffer, 0, data, held.length, read);
        int exec = indexOf(data, EXEC);
        if (exec >= 0) {
          out.write(data, 0, exec);
          out.flush();
          cuts.incrementAndGet();
          return; // closes both sockets: Redis discards the queued transaction
        }
        int keep = Math.min(EXEC.length - 1, data.length);
        out.write(data, 0, data.length - keep);
        out.flush();
        held = new byte[keep];
        System.arraycopy(data, data.length - keep, held, 0, keep);
        if (held.length > 0 && in.available() == 0 && !couldStartExec(held)) {
          out.write(held);
          out.flush();
          held = new byte[0];
        }
      }
    } catch (IOException e) {
      // Connection closed by either side.
    }
  }

  /** Whether a suffix of {@code tail} is a prefix of EXEC (so it must be held back). */
  private static boolean couldStartExec(byte[] tail) {
    for (int start = 0; start < tail.length; start++) {
      boolean prefix = true;
      for (int i = start; i < tail.length; i++) {
        if (tail[i] != EXEC[i - start]) {
          prefix = false;
          break;
        }
      }
      if (prefix) {
        return true;
      }
    }
    return false;
  }

  private static void pump(Socket from, Socket to) {
    try (from;
        to) {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // Connection closed by either side.
    }
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
