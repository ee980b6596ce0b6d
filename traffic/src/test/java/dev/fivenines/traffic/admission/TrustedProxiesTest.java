package dev.fivenines.traffic.admission;

import dev.fivenines.base.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedProxiesTest {
    @Test
    void givenNoTrustedProxy_theSocketPeerIsTheClient_whateverTheHeaderClaims() {
        assertThat(TrustedProxies.none().clientOf("198.51.100.7", List.of("203.0.113.1"))).isEqualTo("198.51.100.7");
        assertThat(TrustedProxies.parse("traffic.trustedProxies", List.of()).clientOf("198.51.100.7", List.of("203.0.113.1")))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void givenATrustedLoadBalancer_theClientIsTheAddressItAppended_notWhatTheClientWroteBeforeIt() {
        TrustedProxies proxies = TrustedProxies.parse("traffic.trustedProxies", List.of("10.0.0.0/8"));

        // the client wrote "1.1.1.1" itself; the balancer at 10.0.0.5 appended the address it saw
        assertThat(proxies.clientOf("10.0.0.5", List.of("1.1.1.1, 203.0.113.9"))).isEqualTo("203.0.113.9");
        // two trusted hops, headers split over two lines
        assertThat(proxies.clientOf("10.0.0.5", List.of("203.0.113.9", "10.1.2.3"))).isEqualTo("203.0.113.9");
        // a peer we do not trust is the client, header or not
        assertThat(proxies.clientOf("192.0.2.50", List.of("203.0.113.9"))).isEqualTo("192.0.2.50");
        // every hop trusted: the leftmost one is as far as we can see
        assertThat(proxies.clientOf("10.0.0.5", List.of("10.9.9.9"))).isEqualTo("10.9.9.9");
        // garbage where an address should be: stop at the last proxy we trust
        assertThat(proxies.clientOf("10.0.0.5", List.of("not-an-address"))).isEqualTo("10.0.0.5");
        assertThat(proxies.clientOf("10.0.0.5", List.of("203.0.113.9:4711"))).isEqualTo("203.0.113.9");
    }

    @Test
    void givenIpv6Proxies_addressesCompareAsAddressesNotAsText() {
        TrustedProxies proxies = TrustedProxies.parse("traffic.trustedProxies", List.of("::1", "fd00::/8"));

        assertThat(proxies.trusts("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(proxies.trusts("fd12:3456::1")).isTrue();
        assertThat(proxies.trusts("2001:db8::1")).isFalse();
        assertThat(proxies.clientOf("0:0:0:0:0:0:0:1", List.of("[2001:db8::1]:443"))).isEqualTo("2001:db8::1");
    }

    @Test
    void givenABadEntry_theMessageNamesTheKeyAndTheEntry_andNothingAsksDns() {
        assertThatThrownBy(() -> TrustedProxies.parse("traffic.trustedProxies", List.of("10.0.0.1", "proxy.example.com")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("traffic.trustedProxies[1]").hasMessageContaining("proxy.example.com");
        assertThatThrownBy(() -> TrustedProxies.parse("traffic.trustedProxies", List.of("10.0.0.0/33")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("traffic.trustedProxies[0] prefix length must be in [0, 32]");
        assertThatThrownBy(() -> TrustedProxies.parse("traffic.trustedProxies", List.of("300.1.1.1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("traffic.trustedProxies[0]");
    }
}
