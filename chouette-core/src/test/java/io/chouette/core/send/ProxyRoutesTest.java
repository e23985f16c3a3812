package io.chouette.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyRoutesTest {

  @ParameterizedTest(name = "NO_PROXY={0}: {1}:{2} direct={3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                         | api.datadoghq.com     | 443 | false",
        "*                          | api.datadoghq.com     | 443 | true",
        "datadoghq.com              | api.datadoghq.com     | 443 | true",
        "datadoghq.com              | datadoghq.com         | 443 | true",
        ".datadoghq.com             | api.datadoghq.com     | 443 | true",
        "*.datadoghq.com            | api.datadoghq.com     | 443 | true",
        "datadoghq.com              | notdatadoghq.com      | 443 | false",
        "datadoghq.eu               | api.datadoghq.com     | 443 | false",
        "localhost, 127.0.0.1       | 127.0.0.1             | 80  | true",
        "relay.local:8080           | relay.local           | 8080| true",
        "relay.local:8080           | relay.local           | 443 | false",
        "10.0.0.0/8                 | 10.20.30.40           | 80  | true",
        "10.0.0.0/8                 | 11.0.0.1              | 80  | false",
        "192.168.1.0/24             | 192.168.1.77          | 80  | true",
        "192.168.1.0/24             | relay.local           | 80  | false",
        "API.DATADOGHQ.COM          | api.datadoghq.com     | 443 | true",
        "::1                        | [::1]                 | 80  | true"
      })
  void noProxyDecidesWhatIsReachedDirectly(String noProxy, String host, int port, boolean direct) {
    ProxyRoutes routes =
        new ProxyRoutes(
            URI.create("http://proxy.lan:3128"),
            Arrays.stream(noProxy.split(",")).map(String::trim).toList());
    assertThat(routes.bypasses(host, port)).isEqualTo(direct);
  }

  @Test
  void selectsTheProxyWithTheSchemeDefaultPortWhenNoneIsGiven() {
    ProxyRoutes routes = new ProxyRoutes(URI.create("http://proxy.lan"), List.of());
    List<Proxy> proxies = routes.select(URI.create("https://api.datadoghq.com/api/v1/series"));
    assertThat(proxies).hasSize(1);
    assertThat(proxies.get(0).type()).isEqualTo(Proxy.Type.HTTP);
    InetSocketAddress address = (InetSocketAddress) proxies.get(0).address();
    assertThat(address.getHostString()).isEqualTo("proxy.lan");
    assertThat(address.getPort()).isEqualTo(80);
  }

  @Test
  void bypassedHostsGetNoProxy() {
    ProxyRoutes routes =
        new ProxyRoutes(URI.create("http://proxy.lan:3128"), List.of("relay.local"));
    assertThat(routes.select(URI.create("http://relay.local/v1/input")))
        .containsExactly(Proxy.NO_PROXY);
  }
}
