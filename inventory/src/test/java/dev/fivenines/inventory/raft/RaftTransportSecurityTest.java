package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.InventoryUnavailableException;
import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;
import dev.fivenines.inventory.ledger.LedgerReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Raft port is the ledger's whole write path, so it must not listen on every interface, and
 * across hosts it must speak mutual TLS: only a process with a certificate from the cluster's CA may
 * replicate, vote or send commands.
 */
class RaftTransportSecurityTest {
    private static final RaftInventoryClient.Settings SETTINGS =
            new RaftInventoryClient.Settings(Duration.ofSeconds(10), 64, Duration.ZERO, 4, 1_000);
    /** A client expected to be refused: short deadline, the test waits for nothing else. */
    private static final RaftInventoryClient.Settings REFUSED =
            new RaftInventoryClient.Settings(Duration.ofSeconds(3), 64, Duration.ZERO, 4, 1_000);

    static {
        LocalRaftCluster.RATIS_LOG.getName();
    }

    @TempDir
    Path dir;
    private final InventoryPeer[] peers = new InventoryPeer[3];
    private RaftInventoryClient client;

    @AfterEach
    void tearDown() throws Exception {
        LocalRaftCluster.closeAll(client, peers);
    }

    private void startPeers(InventoryGroup group) {
        for (int i = 0; i < peers.length; i++) {
            String id = "i" + (i + 1);
            peers[i] = InventoryPeer.start(group, id, dir.resolve(id), RaftTuning.DEFAULT, System::currentTimeMillis, low -> { });
        }
    }

    private static int port(InventoryGroup group, String peer) {
        String address = group.peerAddresses().get(peer);
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static boolean accepts(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    @Test
    void givenPeersOnLoopbackAddresses_whenStarted_thenEachRaftPortAcceptsOnLoopbackOnlyNotOnEveryInterface() throws Exception {
        InventoryGroup group = new InventoryGroup("bind-" + UUID.randomUUID(), LocalRaftCluster.loopbackAddresses(3));
        startPeers(group);

        for (String peer : group.peerAddresses().keySet()) {
            int port = port(group, peer);
            assertThat(accepts("127.0.0.1", port)).as("%s on its own address 127.0.0.1:%d", peer, port).isTrue();
            // 127.0.0.2 reaches this host too (all of 127/8 is loopback on Linux): a socket bound to
            // 0.0.0.0 accepts there, one bound to 127.0.0.1 refuses.
            assertThat(accepts("127.0.0.2", port)).as("%s on another local address, 127.0.0.2:%d", peer, port).isFalse();
        }
    }

    @Test
    void givenThreePeersWithMutualTls_whenATrustedClientWritesAndReads_thenTheLedgerServesIt() {
        var ca = TestCertificates.authority(dir, "fivenines-test");
        RaftTls nodeTls = TestCertificates.node(dir, "node", ca, ca);
        InventoryGroup group = new InventoryGroup("tls-" + UUID.randomUUID(), LocalRaftCluster.loopbackAddresses(3)).withTls(nodeTls);
        startPeers(group);
        client = RaftInventoryClient.connect(group, SETTINGS, Clock.systemUTC());

        assertThat(client.restock("tls-sku", 10, "receipt-1")).isEqualTo(LedgerReply.APPLIED);
        assertThat(client.reserve(UUID.randomUUID(), List.of(new StockLine("tls-sku", 4)), Duration.ofMinutes(1)))
                .isInstanceOf(ReserveResult.Held.class);
        assertThat(client.available(List.of("tls-sku"))).isEqualTo(Map.of("tls-sku", 6));
        // Replication ran over TLS too: every replica applied the same state.
        org.awaitility.Awaitility.await("every replica has the hold").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (InventoryPeer peer : peers) {
                assertThat(client.availableOnReplica(peer.id(), List.of("tls-sku"))).as("on %s", peer.id()).isEqualTo(Map.of("tls-sku", 6));
            }
        });
    }

    @Test
    void givenPeersWithMutualTls_whenAClientWithoutATrustedCertificateOrWithoutTlsCalls_thenItIsRefused() {
        var ca = TestCertificates.authority(dir, "fivenines-test");
        var rogueCa = TestCertificates.authority(dir, "rogue");
        InventoryGroup group = new InventoryGroup("tls-" + UUID.randomUUID(), LocalRaftCluster.loopbackAddresses(3))
                .withTls(TestCertificates.node(dir, "node", ca, ca));
        startPeers(group);
        client = RaftInventoryClient.connect(group, SETTINGS, Clock.systemUTC());
        assertThat(client.restock("guarded-sku", 5, "receipt-1")).as("a trusted client gets through").isEqualTo(LedgerReply.APPLIED);

        // Signed by another CA (it trusts ours, so only the servers' check can refuse it).
        RaftTls rogue = TestCertificates.node(dir, "rogue-node", rogueCa, ca);
        try (var untrusted = RaftInventoryClient.connect(group.withTls(rogue), REFUSED, Clock.systemUTC())) {
            assertThatThrownBy(() -> untrusted.restock("guarded-sku", 1_000, "rogue-receipt"))
                    .isInstanceOf(InventoryUnavailableException.class);
        }
        try (var plaintext = RaftInventoryClient.connect(group.withTls(null), REFUSED, Clock.systemUTC())) {
            assertThatThrownBy(() -> plaintext.restock("guarded-sku", 1_000, "plain-receipt"))
                    .isInstanceOf(InventoryUnavailableException.class);
        }
        assertThat(client.available(List.of("guarded-sku"))).as("neither refused restock applied").isEqualTo(Map.of("guarded-sku", 5));
    }
}
