package io.chouette.core.dogstatsd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The transports of {@link DogStatsdLoadGenerator}: UDP, the Unix datagram socket (junixsocket,
 * blocking: a full receive queue holds the sender back, it never drops) and the Unix stream socket
 * (frames prefixed with their 32-bit little-endian length); plus, for origin detection, the {@code
 * |c:} field on every line and a minimal Docker Engine answering {@code /containers/{id}/json} on a
 * Unix socket.
 */
final class LoadTransport {

  private LoadTransport() {}

  /**
   * Chouette's environment for {@code transport} ({@code udp}, {@code uds}, {@code uds_stream}).
   */
  static void configure(String transport, int port, Path socket, Map<String, String> env) {
    switch (transport) {
      case "udp":
        env.put("DOGSTATSD_HOST", "127.0.0.1");
        env.put("DOGSTATSD_PORT", String.valueOf(port));
        break;
      case "uds":
        env.put("DOGSTATSD_PORT", "0");
        env.put("DOGSTATSD_SOCKET", socket.toString());
        break;
      case "uds_stream":
        env.put("DOGSTATSD_PORT", "0");
        env.put("DOGSTATSD_STREAM_SOCKET", socket.toString());
        break;
      default:
        throw new IllegalArgumentException("--transport udp|uds|uds_stream, not " + transport);
    }
  }

  /** A connected channel to Chouette; each write is one datagram or one frame. */
  static WritableByteChannel connect(String transport, int port, Path socket) throws IOException {
    switch (transport) {
      case "uds":
        AFUNIXDatagramChannel datagrams = AFUNIXDatagramChannel.open();
        datagrams.connect(AFUNIXSocketAddress.of(socket));
        return datagrams;
      case "uds_stream":
        SocketChannel stream = SocketChannel.open(StandardProtocolFamily.UNIX);
        stream.connect(UnixDomainSocketAddress.of(socket));
        return stream;
      default:
        DatagramChannel udp = DatagramChannel.open();
        udp.connect(new InetSocketAddress("127.0.0.1", port));
        return udp;
    }
  }

  /** The payload as written on {@code transport}: framed for the stream socket. */
  static ByteBuffer payload(String transport, byte[] bytes) {
    boolean framed = transport.equals("uds_stream");
    ByteBuffer buffer =
        ByteBuffer.allocateDirect(bytes.length + (framed ? 4 : 0)).order(ByteOrder.LITTLE_ENDIAN);
    if (framed) {
      buffer.putInt(bytes.length);
    }
    buffer.put(bytes).flip();
    return buffer;
  }

  /** Every line of every datagram with {@code |c:<id>}, the ids taken in turn from {@code ids}. */
  static List<DogStatsdTraffic.Datagram> withContainerIds(
      List<DogStatsdTraffic.Datagram> pool, List<String> ids) {
    List<DogStatsdTraffic.Datagram> tagged = new ArrayList<>(pool.size());
    int next = 0;
    for (DogStatsdTraffic.Datagram datagram : pool) {
      StringBuilder text = new StringBuilder();
      for (String line : new String(datagram.bytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty()) {
          text.append(line).append("|c:").append(ids.get(next++ % ids.size())).append('\n');
        }
      }
      tagged.add(
          new DogStatsdTraffic.Datagram(
              text.toString().getBytes(StandardCharsets.UTF_8), datagram.lines()));
    }
    return tagged;
  }

  /** A Docker Engine that knows every container: {@code load/app:1.0}, named after its id. */
  static ServerSocketChannel fakeEngine(Path socket) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Thread acceptor =
        new Thread(
            () -> {
              while (server.isOpen()) {
                try {
                  SocketChannel connection = server.accept();
                  Thread worker = new Thread(() -> serve(connection), "load-docker-connection");
                  worker.setDaemon(true);
                  worker.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "load-docker-engine");
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }

  private static void serve(SocketChannel connection) {
    try (connection;
        InputStream in = Channels.newInputStream(connection);
        OutputStream out = Channels.newOutputStream(connection)) {
      StringBuilder head = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0) {
        head.append((char) b);
        if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
          String target = head.toString().split(" ")[1];
          String id = target.replaceAll(".*/containers/([^/]+)/json.*", "$1");
          byte[] body =
              ("{\"Id\":\""
                      + id
                      + "\",\"Name\":\"/load-"
                      + id.substring(0, 8)
                      + "\",\"Config\":{\"Image\":\"load/app:1.0\"}}")
                  .getBytes(StandardCharsets.UTF_8);
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                      + body.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
          head.setLength(0);
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }
}
