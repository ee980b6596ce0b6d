package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.ledger.StockLow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Three (or n) in-process inventory peers on free loopback ports, real gRPC, each with its own directory. */
final class LocalRaftCluster implements AutoCloseable {
    /** Ratis logs every append at INFO; held strongly so the level sticks. */
    static final java.util.logging.Logger RATIS_LOG = java.util.logging.Logger.getLogger("org.apache.ratis");

    static {
        RATIS_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /**
     * Client settings of the Raft tests: a call deadline that a leader change on a busy 2-core box
     * fits in, and batching as in production.
     */
    static final RaftInventoryClient.Settings CLIENT_SETTINGS =
            new RaftInventoryClient.Settings(Duration.ofSeconds(10), 256, Duration.ZERO, 4, 10_000);

    final InventoryGroup group;
    final Path root;
    final RaftTuning tuning;
    final InventoryPeer[] peers;
    final ConcurrentLinkedQueue<StockLow> stockLows = new ConcurrentLinkedQueue<>();
    private final List<RaftInventoryClient> clients = new ArrayList<>();

    LocalRaftCluster(Path root, int size, RaftTuning tuning) {
        this.root = root;
        this.tuning = tuning;
        this.group = new InventoryGroup("test-" + System.identityHashCode(this), loopbackAddresses(size));
        this.peers = new InventoryPeer[size];
        for (int i = 0; i < size; i++) {
            start(i);
        }
    }

    /** Peers i1..i{size}, each on a free loopback port, in id order. */
    static Map<String, String> loopbackAddresses(int size) {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (int i = 1; i <= size; i++) {
            addresses.put("i" + i, "127.0.0.1:" + freePort());
        }
        return addresses;
    }

    /** Closes a test's client (if it made one), then every peer it started. */
    static void closeAll(AutoCloseable client, InventoryPeer[] peers) throws Exception {
        if (client != null) {
            client.close();
        }
        for (InventoryPeer peer : peers) {
            if (peer != null) {
                peer.close();
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void start(int index) {
        String id = "i" + (index + 1);
        peers[index] = InventoryPeer.start(group, id, root.resolve(id), tuning, System::currentTimeMillis, stockLows::add);
    }

    void stop(int index) {
        peers[index].close();
        peers[index] = null;
    }

    RaftInventoryClient client(RaftInventoryClient.Settings settings) {
        RaftInventoryClient client = RaftInventoryClient.connect(group, settings, Clock.systemUTC());
        clients.add(client);
        return client;
    }

    int awaitLeader() {
        int[] leader = {-1};
        await("a leader among " + group.peerAddresses().keySet()).atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            for (int i = 0; i < peers.length; i++) {
                if (peers[i] != null && peers[i].isLeader()) {
                    leader[0] = i;
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    /** Waits until every running replica has applied the same index and holds the same state. */
    void awaitConverged() {
        await("replicas converge").atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> {
            List<InventoryPeer> running = Arrays.stream(peers).filter(p -> p != null).toList();
            long index = running.getFirst().stateMachine().appliedIndex();
            byte[] state = running.getFirst().stateMachine().snapshotBytes();
            for (InventoryPeer peer : running) {
                assertThat(peer.stateMachine().appliedIndex()).as("applied index of %s", peer.id()).isEqualTo(index);
                assertThat(peer.stateMachine().snapshotBytes()).as("state of %s", peer.id()).isEqualTo(state);
            }
        });
    }

    Optional<InventoryPeer> peer(int index) {
        return Optional.ofNullable(peers[index]);
    }

    @Override
    public void close() {
        clients.forEach(RaftInventoryClient::close);
        for (int i = 0; i < peers.length; i++) {
            if (peers[i] != null) {
                stop(i);
            }
        }
    }
}
