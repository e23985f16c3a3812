package io.chouette.collectors.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake Docker Engine API on a real unix socket: minimal HTTP/1.1 with keep-alive, answering
 * {@code GET /containers/json} and {@code GET /containers/{id}/stats} (any API version prefix) with
 * canned responses. A route can also hang (never answer) to test timeouts.
 */
final class FakeDockerEngine implements AutoCloseable {

  /** A canned answer. */
  record Response(int status, String body) {
    static final Response HANG = new Response(-1, "");

    static Response json(String body) {
      return new Response(200, body);
    }
  }

  private final Path socket;
  private final ServerSocketChannel server;
  private final Map<String, Response> routes = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  FakeDockerEngine(Path socket) throws IOException {
    this.socket = socket;
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    acceptor = new Thread(this::acceptLoop, "fake-docker-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Answer {@code path} (without version prefix and query) with {@code response}. */
  FakeDockerEngine route(String path, Response response) {
    routes.put(path, response);
    return this;
  }

  /** Request lines received, e.g. {@code GET /containers/json?all=false HTTP/1.1}. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  Path socket() {
    return socket;
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel connection = server.accept();
        connections.add(connection);
        Thread worker = new Thread(() -> serve(connection), "fake-docker-connection");
        worker.setDaemon(true);
        worker.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(SocketChannel connection) {
    try (connection;
        InputStream in = Channels.newInputStream(connection);
        OutputStream out = Channels.newOutputStream(connection)) {
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        String requestLine = head.substring(0, head.indexOf("\r\n"));
        requests.add(requestLine);
        Response response = routes.get(route(requestLine));
        if (response == null) {
          response = new Response(404, "{\"message\":\"page not found\"}");
        }
        if (response == Response.HANG) {
          // hold the connection open without answering, until the client gives up or we close
          while (in.read() >= 0) {
            // drain
          }
          return;
        }
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        String headers =
            "HTTP/1.1 "
                + response.status()
                + " "
                + (response.status() == 200 ? "OK" : "Error")
                + "\r\nContent-Type: application/json\r\nApi-Version: 1.41\r\nContent-Length: "
                + body.length
                + "\r\n\r\n";
        out.write(headers.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /**
   * {@code GET /v1.41/containers/abc/stats?stream=false HTTP/1.1} -> {@code /containers/abc/stats}.
   */
  private static String route(String requestLine) {
    String target = requestLine.split(" ")[1];
    int query = target.indexOf('?');
    String path = query < 0 ? target : target.substring(0, query);
    return path.replaceFirst("^/v[0-9.]+/", "/");
  }

  /** The request line and headers, or null at the end of the stream. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (SocketChannel connection : connections) {
      connection.close();
    }
    Files.deleteIfExists(socket);
  }
}
