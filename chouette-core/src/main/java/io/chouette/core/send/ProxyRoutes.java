package io.chouette.core.send;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * {@code HTTPS_PROXY} and {@code NO_PROXY} as curl and Python's requests read them: every request
 * goes through the proxy unless its host matches a {@code NO_PROXY} entry.
 *
 * <p>{@code NO_PROXY} entries, comma-separated: {@code *} (everything), a host name that also
 * matches its subdomains ({@code example.com}, {@code .example.com} and {@code *.example.com} all
 * match {@code api.example.com}), an IP address, an IPv4 range in CIDR form ({@code 10.0.0.0/8}),
 * each optionally with {@code :port}. Chouette only talks to Datadog, so {@code HTTPS_PROXY} serves
 * an {@code http://} Datadog URL (a local relay, say) too; list such a host in {@code NO_PROXY} to
 * reach it directly.
 */
final class ProxyRoutes extends ProxySelector {

  private final Proxy proxy;
  private final List<String> noProxy;

  ProxyRoutes(URI proxyUrl, List<String> noProxy) {
    int port = proxyUrl.getPort();
    if (port < 0) {
      port = "https".equalsIgnoreCase(proxyUrl.getScheme()) ? 443 : 80;
    }
    this.proxy =
        new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxyUrl.getHost(), port));
    this.noProxy =
        noProxy.stream()
            .map(s -> s.trim().toLowerCase(Locale.ROOT))
            .filter(s -> !s.isEmpty())
            .toList();
  }

  @Override
  public List<Proxy> select(URI uri) {
    int port = uri.getPort();
    if (port < 0) {
      port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
    return bypasses(uri.getHost(), port) ? List.of(Proxy.NO_PROXY) : List.of(proxy);
  }

  @Override
  public void connectFailed(URI uri, SocketAddress address, IOException failure) {
    // Nothing to remember: the next release tick tries the same route again.
  }

  /** Whether {@code host:port} is reached directly. */
  boolean bypasses(String host, int port) {
    if (host == null) {
      return false;
    }
    String target = stripBrackets(host.toLowerCase(Locale.ROOT));
    for (String entry : noProxy) {
      if (matches(entry, target, port)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String entry, String host, int port) {
    if (entry.equals("*")) {
      return true;
    }
    String pattern = entry;
    int entryPort = -1;
    int colon = pattern.lastIndexOf(':');
    // host:port, but not a bare IPv6 address (several colons, no brackets).
    if (colon > 0 && (pattern.indexOf(':') == colon || pattern.startsWith("["))) {
      String portText = pattern.substring(colon + 1);
      if (portText.chars().allMatch(Character::isDigit) && !portText.isEmpty()) {
        entryPort = Integer.parseInt(portText);
        pattern = pattern.substring(0, colon);
      }
    }
    if (entryPort >= 0 && entryPort != port) {
      return false;
    }
    pattern = stripBrackets(pattern);
    if (pattern.contains("/")) {
      return inCidr(pattern, host);
    }
    if (pattern.startsWith("*.")) {
      pattern = pattern.substring(2);
    } else if (pattern.startsWith(".")) {
      pattern = pattern.substring(1);
    }
    return host.equals(pattern) || host.endsWith("." + pattern);
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static boolean inCidr(String cidr, String host) {
    int slash = cidr.indexOf('/');
    long network = ipv4(cidr.substring(0, slash));
    long address = ipv4(host);
    if (network < 0 || address < 0) {
      return false;
    }
    int bits;
    try {
      bits = Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      return false;
    }
    if (bits < 0 || bits > 32) {
      return false;
    }
    long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
    return (network & mask) == (address & mask);
  }

  /** The IPv4 address as an unsigned number, or -1 when {@code text} is not one. */
  private static long ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return -1;
    }
    long value = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return -1;
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        return -1;
      }
      value = (value << 8) | octet;
    }
    return value;
  }
}
