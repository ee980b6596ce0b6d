package dev.fivenines.inventory.raft;

import dev.fivenines.db.testing.MutableClock;
import dev.fivenines.inventory.StockLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With an idle tick longer than the check period, an idle group's leader ticks only when a hold is due
 * or its log's time has stood still for {@link RaftTuning#idleTick()}. Time here is a clock the test moves.
 */
class IdleTickTest {
    static {
        LocalRaftCluster.RATIS_LOG.getName();
    }

    private static final RaftTuning MINUTE_IDLE_TICK = RaftTuning.DEFAULT.withIdleTick(Duration.ofMinutes(1));

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_000_000_000L));
    private final InventoryPeer[] peers = new InventoryPeer[3];
    private RaftInventoryClient client;

    @AfterEach
    void tearDown() throws Exception {
        LocalRaftCluster.closeAll(client, peers);
    }

    @Test
    void givenAnIdleGroup_whenNothingIsDue_thenTheLeaderTicksOnlyForADueHoldOrAfterTheIdleTick() {
        InventoryGroup group = new InventoryGroup("idle-" + UUID.randomUUID(), LocalRaftCluster.loopbackAddresses(3), "i1");
        for (int i = 0; i < 3; i++) {
            peers[i] = InventoryPeer.start(group, "i" + (i + 1), dir.resolve("i" + (i + 1)), MINUTE_IDLE_TICK, clock::millis, low -> { });
        }
        client = RaftInventoryClient.connect(group, LocalRaftCluster.CLIENT_SETTINGS, clock);
        client.restock("sku-1", 5, "po-1");
        InventoryPeer leader = await("a leader").atMost(Duration.ofSeconds(30))
                .until(() -> java.util.Arrays.stream(peers).filter(InventoryPeer::isLeader).findFirst(), java.util.Optional::isPresent).orElseThrow();
        long afterStart = leader.ticksSubmitted();

        await("no tick while nothing is due").during(Duration.ofMillis(3_500)).atMost(Duration.ofSeconds(10))
                .until(() -> leader.ticksSubmitted() == afterStart);

        client.reserve(UUID.randomUUID(), List.of(new StockLine("sku-1", 2)), Duration.ofSeconds(5));
        assertThat(client.available(List.of("sku-1"))).isEqualTo(Map.of("sku-1", 3));
        clock.advance(Duration.ofSeconds(6));
        await("the hold expires by a tick").atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(client.available(List.of("sku-1"))).isEqualTo(Map.of("sku-1", 5)));
        long afterExpiry = leader.ticksSubmitted();
        assertThat(afterExpiry).isGreaterThan(afterStart);

        await("no tick once the hold is gone").during(Duration.ofMillis(3_500)).atMost(Duration.ofSeconds(10))
                .until(() -> leader.ticksSubmitted() == afterExpiry);
        clock.advance(MINUTE_IDLE_TICK.idleTick().plusSeconds(1));
        await("a tick once the log stood still for the idle tick").atMost(Duration.ofSeconds(20))
                .until(() -> leader.ticksSubmitted() > afterExpiry);
    }
}
