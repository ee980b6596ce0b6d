package dev.fivenines.node.config;

import dev.fivenines.base.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the ledger's Raft servers listen, and their mutual TLS files: validated when the config loads. */
class RaftTransportConfigTest {
    private static final Path LOCAL = ShippedConfig.LOCAL;

    @Test
    void givenTheShippedTopology_whenLoaded_thenEveryInventoryInstanceIsOnLoopbackWithoutTls() {
        ClusterConfig.Inventory inventory = ClusterConfig.load(LOCAL, Map.of()).inventory();

        assertThat(List.of(inventory.raftHost(1), inventory.raftHost(2), inventory.raftHost(3))).containsOnly("127.0.0.1");
        assertThat(inventory.raftTls()).isNull();
    }

    @Test
    void givenOneHostPerInstance_whenLoaded_thenInstanceKIsOnHostK() {
        ClusterConfig.Inventory inventory = ClusterConfig.load(LOCAL,
                Map.of("FIVENINES_INVENTORY_RAFT_HOSTS", "10.0.0.1, 10.0.0.2,inv-3.internal")).inventory();

        assertThat(List.of(inventory.raftHost(1), inventory.raftHost(2), inventory.raftHost(3)))
                .containsExactly("10.0.0.1", "10.0.0.2", "inv-3.internal");
    }

    @Test
    void givenTwoHostsForThreeInstances_whenLoaded_thenTheKeyAndTheCountsAreNamed() {
        assertThatThrownBy(() -> ClusterConfig.load(LOCAL, Map.of("FIVENINES_INVENTORY_RAFT_HOSTS", "a,b")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("inventory.raftHosts must list one host for every instance")
                .hasMessageContaining("3 inventory instances, 2 hosts");
    }

    @Test
    void givenAHostWithAPort_whenLoaded_thenItIsRefused() {
        assertThatThrownBy(() -> ClusterConfig.load(LOCAL, Map.of("FIVENINES_INVENTORY_RAFT_HOSTS", "127.0.0.1:8201")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("without a port");
    }

    @Test
    void givenTlsFilesThatExist_whenLoaded_thenTheyAreKept(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("node.key.pem"), "key");
        Path cert = Files.writeString(dir.resolve("node.cert.pem"), "cert");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "ca");

        ClusterConfig.Inventory inventory = ClusterConfig.load(LOCAL, Map.of("FIVENINES_INVENTORY_RAFT_TLS_KEY", key.toString(),
                "FIVENINES_INVENTORY_RAFT_TLS_CERT", cert.toString(), "FIVENINES_INVENTORY_RAFT_TLS_TRUST", ca.toString())).inventory();

        assertThat(inventory.raftTls()).isEqualTo(new ClusterConfig.RaftTlsFiles(key.toString(), cert.toString(), ca.toString()));
    }

    @Test
    void givenATlsFileThatIsMissingOrNotGiven_whenLoaded_thenTheKeyIsNamed(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("node.key.pem"), "key");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "ca");

        assertThatThrownBy(() -> ClusterConfig.load(LOCAL, Map.of("FIVENINES_INVENTORY_RAFT_TLS_KEY", key.toString(),
                "FIVENINES_INVENTORY_RAFT_TLS_CERT", dir.resolve("absent.pem").toString(),
                "FIVENINES_INVENTORY_RAFT_TLS_TRUST", ca.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("inventory.raftTls.certChainFile " + dir.resolve("absent.pem") + " is not a readable file");
        assertThatThrownBy(() -> ClusterConfig.load(LOCAL, Map.of("FIVENINES_INVENTORY_RAFT_TLS_KEY", key.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("inventory.raftTls.certChainFile is required when inventory.raftTls is set");
    }

    @Test
    void givenRaftSettingsInTheFile_whenLoaded_thenTheyAreRead(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("k.pem"), "key");
        Path cert = Files.writeString(dir.resolve("c.pem"), "cert");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "ca");
        Path file = ShippedConfig.withEdit(dir, "inventory:\n  groups: 1", "inventory:\n  raftHosts: [192.0.2.10]\n"
                + "  raftTls: { privateKeyFile: " + key + ", certChainFile: " + cert + ", trustedCertsFile: " + ca + " }\n  groups: 1");

        ClusterConfig.Inventory inventory = ClusterConfig.load(file, Map.of()).inventory();

        assertThat(inventory.raftHost(2)).isEqualTo("192.0.2.10");
        assertThat(inventory.raftTls().trustedCertsFile()).isEqualTo(ca.toString());
    }
}
