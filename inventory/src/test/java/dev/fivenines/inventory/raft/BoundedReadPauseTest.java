package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.BoundedReadPolicy;
import dev.fivenines.inventory.InventoryUnavailableException;
import dev.fivenines.inventory.ReadConsistency;
import dev.fivenines.inventory.StockReading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bounded reads against three peers in separate JVMs, one of which freezes (SIGSTOP) and thaws with
 * a backlog to apply: the frozen replica costs a reader one deadline and the leader answers; the
 * thawed one is trusted again only for what it has applied.
 */
class BoundedReadPauseTest {
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED");
    private static final ReadConsistency.Bounded TWO_SECONDS = ReadConsistency.bounded(Duration.ofSeconds(2));

    private final Path dir = Path.of("target", "bounded-read-pause-test", UUID.randomUUID().toString());
    private final Map<String, InventoryPeerProcess> peers = new LinkedHashMap<>();
    private final List<RaftInventoryClient> clients = new ArrayList<>();
    private InventoryGroup group;

    @AfterEach
    void tearDown() {
        clients.forEach(RaftInventoryClient::close);
        peers.values().forEach(InventoryPeerProcess::close);
    }

    private RaftInventoryClient client() {
        RaftInventoryClient client = RaftInventoryClient.connect(group,
                LocalRaftCluster.CLIENT_SETTINGS, Clock.systemUTC());
        clients.add(client);
        return client;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void givenTheNearbyFollowerFreezes_whenBoundedReadsAskIt_thenTheLeaderAnswersAndAfterItThawsEveryReadingIsHonest() {
        Map<String, String> addresses = LocalRaftCluster.loopbackAddresses(3);
        group = new InventoryGroup("bounded-pause", addresses);
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        addresses.keySet().forEach(id -> peers.put(id, InventoryPeerProcess.start(classPath, group, id, dir.resolve(id), JVM,
                List.of("--ratis-log-level", "WARNING"), Duration.ofSeconds(60))));
        RaftInventoryClient writer = client();
        retrying(() -> writer.restock("badge", 100, "po-0"));
        String leader = writer.leaderHint().orElseThrow();
        List<String> ids = List.copyOf(addresses.keySet());
        String follower = ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        RaftInventoryClient reader = client();
        reader.useBoundedReadPolicy(new BoundedReadPolicy(ids.indexOf(follower) + 1, Duration.ofMillis(300)));
        await("the follower answers bounded reads").atMost(Duration.ofSeconds(60)).ignoreException(InventoryUnavailableException.class)
                .until(() -> reader.read(List.of("badge"), TWO_SECONDS).servedBy().equals(follower));

        peers.get(follower).pause();
        for (int i = 1; i <= 20; i++) {
            String receipt = "po-frozen-" + i;
            retrying(() -> writer.restock("badge", 1, receipt));
        }
        StockReading whileFrozen = reader.read(List.of("badge"), TWO_SECONDS);
        assertThat(whileFrozen.servedBy()).startsWith("leader:").contains("fallback").contains(follower);
        assertThat(whileFrozen.maxStaleness()).isZero();
        assertThat(whileFrozen.available()).containsEntry("badge", 120);

        // A backlog for the thawed follower to apply, then a writer that keeps going while it catches up.
        for (int i = 1; i <= 200; i++) {
            String receipt = "po-backlog-" + i;
            retrying(() -> writer.restock("badge", 1, receipt));
        }
        java.util.concurrent.ConcurrentLinkedQueue<Long> ackedAtNanos = new java.util.concurrent.ConcurrentLinkedQueue<>();
        long acknowledgedBefore = 320;
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread writing = Thread.ofPlatform().name("restocker").start(() -> {
            for (int i = 1; running.get(); i++) {
                try {
                    writer.restock("badge", 1, "po-live-" + i);
                    ackedAtNanos.add(System.nanoTime());
                } catch (InventoryUnavailableException e) {
                    // Outcome unknown: not counted, which only weakens the check.
                }
            }
        });
        List<String> violations = new ArrayList<>();
        int[] followerReadings = {0};
        try {
            peers.get(follower).resume();
            await("the thawed follower serves honest readings again").atMost(Duration.ofSeconds(90)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(5)).until(() -> {
                        long sentNanos = System.nanoTime();
                        StockReading reading = reader.read(List.of("badge"), TWO_SECONDS);
                        long freshAt = sentNanos - reading.maxStaleness().toNanos();
                        long mustShow = acknowledgedBefore + ackedAtNanos.stream().filter(at -> at < freshAt).count();
                        int shown = reading.available().getOrDefault("badge", 0);
                        if (shown < mustShow) {
                            violations.add(reading + " shows " + shown + " units; " + mustShow + " were acknowledged before its bound");
                        }
                        if (reading.servedBy().equals(follower)) {
                            followerReadings[0]++;
                        }
                        return !violations.isEmpty() || followerReadings[0] >= 50;
                    });
        } finally {
            running.set(false);
        }
        assertThat(violations).isEmpty();
    }

    private static <T> T retrying(Supplier<T> call) {
        return await().atMost(Duration.ofSeconds(60)).ignoreException(InventoryUnavailableException.class).until(call::get, r -> true);
    }
}
