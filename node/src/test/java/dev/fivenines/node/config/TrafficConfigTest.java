package dev.fivenines.node.config;

import dev.fivenines.base.ConfigException;
import dev.fivenines.edge.EdgeSessions;
import dev.fivenines.edge.cache.ResponseCache;
import dev.fivenines.traffic.Criticality;
import dev.fivenines.traffic.admission.AdmissionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrafficConfigTest {
    private static final Path LOCAL = Path.of("../config/local.yaml");

    @Test
    void givenTheShippedConfigCheckoutIsCriticalPlusAndAdmissionIsOn() {
        ClusterConfig config = ClusterConfig.load(LOCAL, Map.of());
        assertThat(config.traffic().admissionMode()).isEqualTo(AdmissionMode.ADAPTIVE);
        assertThat(config.traffic().bulkheadSettings().maxConcurrent()).isEqualTo(64);
        assertThat(config.traffic().guardSettings().targetMillis()).isEqualTo(150);
        assertThat(config.traffic().guardSettings().enabled()).isTrue();
        assertThat(config.traffic().guardSettings().relativeToUnloaded()).isEqualTo(2.0);
        assertThat(config.traffic().guardSettings().busyCpuLoad()).isEqualTo(0.85);
        assertThat(config.traffic().classifier().classify("POST", "/api/v1/checkout")).isEqualTo(Criticality.CRITICAL_PLUS);
        assertThat(config.traffic().classifier().classify("GET", "/api/v1/recommendations")).isEqualTo(Criticality.SHEDDABLE);
        assertThat(config.traffic().admissionConfig().limitAlgorithm()).isEqualTo("gradient2");
        assertThat(config.traffic().proxies().isEmpty()).as("the socket peer is the client").isTrue();
        assertThat(config.traffic().sessionSettings()).isEqualTo(EdgeSessions.Settings.defaults());
        assertThat(config.traffic().cacheSettings()).isEqualTo(ResponseCache.Settings.defaults());
    }

    @Test
    void givenCacheBoundsInTheFileTheEdgeCacheTakesThemAndOneOutOfRangeIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cache.yaml");
        Files.writeString(file, Files.readString(LOCAL).replace("maxEntries: 10000", "maxEntries: 500"));
        assertThat(ClusterConfig.load(file, Map.of()).traffic().cacheSettings())
                .isEqualTo(new ResponseCache.Settings(500, 16L * 1024 * 1024, 256 * 1024));

        Files.writeString(file, Files.readString(LOCAL).replace("maxEntryBytes: 262144", "maxEntryBytes: 99999999"));
        assertThatThrownBy(() -> ClusterConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("traffic.cache.maxEntryBytes must be in [1, 16777216], was 99999999");
    }

    @Test
    void givenATrustedProxyThatIsNoAddressTheKeyAndEntryAreNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, Files.readString(LOCAL).replace("trustedProxies: []", "trustedProxies: [10.0.0.0/8, lb.internal]"));
        assertThatThrownBy(() -> ClusterConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("traffic.trustedProxies[1] must be an IP address or a CIDR block")
                .hasMessageContaining("'lb.internal'");
    }

    @Test
    void givenTrustedProxiesAndNoSessionSectionTheProxiesApplyAndSessionsTakeTheirDefaults(@TempDir Path dir) throws Exception {
        String local = Files.readString(LOCAL);
        Path file = dir.resolve("proxies.yaml");
        String withoutSession = local.substring(0, local.indexOf("  session:")) + local.substring(local.indexOf("  fallbackCriticality"));
        Files.writeString(file, withoutSession.replace("trustedProxies: []", "trustedProxies: [10.0.0.0/8]"));
        ClusterConfig config = ClusterConfig.load(file, Map.of());
        assertThat(config.traffic().proxies().clientOf("10.1.1.1", java.util.List.of("203.0.113.5"))).isEqualTo("203.0.113.5");
        assertThat(config.traffic().sessionSettings()).isEqualTo(EdgeSessions.Settings.defaults());
    }

    @Test
    void givenASessionLifeOutOfRangeTheKeyAndRangeAreNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, Files.readString(LOCAL).replace("ttlSeconds: 1800", "ttlSeconds: 5"));
        assertThatThrownBy(() -> ClusterConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("traffic.session.ttlSeconds must be in [60, 604800], was 5");
    }

    @Test
    void givenTheEnvironmentSaysAdmissionOffOrBulkheadThatModeApplies() {
        assertThat(ClusterConfig.load(LOCAL, Map.of("FIVENINES_ADMISSION", "off")).traffic().admissionMode()).isEqualTo(AdmissionMode.OFF);
        assertThat(ClusterConfig.load(LOCAL, Map.of("FIVENINES_ADMISSION", "bulkhead")).traffic().admissionMode())
                .isEqualTo(AdmissionMode.BULKHEAD);
        assertThatThrownBy(() -> ClusterConfig.load(LOCAL, Map.of("FIVENINES_ADMISSION", "maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FIVENINES_ADMISSION must be one of [adaptive, bulkhead, off]");
    }

    @Test
    void givenNoTrafficSectionTheDefaultsApply(@TempDir Path dir) throws Exception {
        String local = Files.readString(LOCAL);
        Path file = dir.resolve("old.yaml");
        Files.writeString(file, local.substring(0, local.indexOf("# Traffic shaping")) + "startTimeoutSeconds: 240\n");
        ClusterConfig config = ClusterConfig.load(file, Map.of());
        assertThat(config.traffic().classifier().classify("POST", "/api/v1/orders/o-1/cancel")).isEqualTo(Criticality.CRITICAL_PLUS);
        assertThat(config.traffic().admission().classShares()).containsExactly(1.0, 0.9, 0.75, 0.5);
    }

    @Test
    void givenAnUnknownClassInARouteTheKeyIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, Files.readString(LOCAL).replace("criticality: SHEDDABLE }", "criticality: MEH }"));
        assertThatThrownBy(() -> ClusterConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("traffic.routes[8].criticality must be one of");
    }

    @Test
    void givenAnOutOfRangeQueueTimeoutTheKeyAndRangeAreNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, Files.readString(LOCAL).replace("queueTimeoutMillis: 100", "queueTimeoutMillis: 100000"));
        assertThatThrownBy(() -> ClusterConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("traffic.admission.queueTimeoutMillis must be in [0, 60000], was 100000");
    }
}
