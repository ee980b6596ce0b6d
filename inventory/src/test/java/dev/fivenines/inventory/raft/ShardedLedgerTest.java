package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.BoundedReadPolicy;
import dev.fivenines.inventory.ReadConsistency;
import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;
import dev.fivenines.inventory.StockReading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two Raft groups; SKUs spread over them by consistent hash. */
class ShardedLedgerTest {
    private static final RaftInventoryClient.Settings SETTINGS = LocalRaftCluster.CLIENT_SETTINGS;

    @TempDir
    Path dir;
    private LocalRaftCluster east;
    private LocalRaftCluster west;
    private ShardedInventoryClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (east != null) {
            east.close();
        }
        if (west != null) {
            west.close();
        }
    }

    /** Groups "east" and "west" of {@code replicas} peers each, and a sharded client over both. */
    private void startGroups(int replicas) {
        east = new LocalRaftCluster(dir.resolve("east"), replicas, RaftTuning.DEFAULT);
        west = new LocalRaftCluster(dir.resolve("west"), replicas, RaftTuning.DEFAULT);
        east.awaitLeader();
        west.awaitLeader();
        client = new ShardedInventoryClient(Map.of("east", east.client(SETTINGS), "west", west.client(SETTINGS)));
    }

    /** A SKU the ring puts in another group than {@code sku}. */
    private String skuInOtherGroupThan(String sku) {
        return IntStream.range(1, 1000).mapToObj(i -> "sku-" + i)
                .filter(s -> !client.groupOf(s).equals(client.groupOf(sku))).findFirst().orElseThrow();
    }

    @Test
    void givenSkusInTwoGroups_whenAnOrderSpansBoth_thenItHoldsAllOrNothingAcrossGroups() {
        startGroups(3);
        String a = "sku-0";
        String b = skuInOtherGroupThan(a);
        client.group(client.groupOf(a)).restock(a, 5, "po-a");
        client.group(client.groupOf(b)).restock(b, 1, "po-b");

        UUID tooMuch = UUID.randomUUID();
        ReserveResult refused = client.reserve(tooMuch, List.of(new StockLine(a, 2), new StockLine(b, 2)), Duration.ofMinutes(5));

        assertThat(refused).isEqualTo(new ReserveResult.Short(List.of(new ReserveResult.Shortage(b, 2, 1))));
        assertThat(client.available(List.of(a, b))).isEqualTo(Map.of(a, 5, b, 1));

        UUID fits = UUID.randomUUID();
        assertThat(client.reserve(fits, List.of(new StockLine(a, 2), new StockLine(b, 1)), Duration.ofMinutes(5)))
                .isInstanceOf(ReserveResult.Held.class);
        assertThat(client.commit(fits)).isTrue();
        assertThat(client.commit(UUID.randomUUID())).isFalse();
        assertThat(client.available(List.of(a, b))).isEqualTo(Map.of(a, 3, b, 0));
        assertThat(client.release(fits)).isTrue();
        assertThat(client.available(List.of(a, b))).isEqualTo(Map.of(a, 5, b, 1));
    }

    /** A read over two groups is routed per group and merged; it is as stale as its stalest part. */
    @Test
    void givenSkusInTwoGroups_whenReadBoundedAndStrong_thenEachGroupAnswersForItsOwnAndTheReadingsMerge() {
        // One replica per group keeps this cheap; the replica-side bound is covered by BoundedReadTest.
        startGroups(1);
        client.useBoundedReadPolicy(BoundedReadPolicy.forInstance(1));
        String a = "sku-0";
        String b = skuInOtherGroupThan(a);
        client.group(client.groupOf(a)).restock(a, 5, "po-a");
        client.group(client.groupOf(b)).restock(b, 7, "po-b");

        ReadConsistency.Bounded bound = ReadConsistency.bounded(Duration.ofSeconds(2));
        await("both groups answer bounded").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            StockReading bounded = client.read(List.of(a, b, "unknown-sku"), bound);
            assertThat(bounded.available()).isEqualTo(Map.of(a, 5, b, 7));
            assertThat(bounded.servedBy()).contains("east=i1").contains("west=i1").doesNotContain("fallback");
            assertThat(bounded.maxStaleness()).isLessThanOrEqualTo(bound.maxStaleness());
        });

        StockReading strong = client.read(List.of(a, b), ReadConsistency.STRONG);
        assertThat(strong.available()).isEqualTo(Map.of(a, 5, b, 7));
        assertThat(strong.maxStaleness()).isZero();
        assertThat(strong.servedBy()).contains("east=leader:i1").contains("west=leader:i1");
    }

    @Test
    void givenTwoGroups_whenManySkusAreHashed_thenBothGroupsOwnSomeAndOwnershipIsStable() {
        ConsistentHashRing ring = new ConsistentHashRing(List.of("east", "west"), 128);
        ConsistentHashRing again = new ConsistentHashRing(List.of("west", "east"), 128);
        Map<String, Integer> owned = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            String sku = "sku-" + i;
            assertThat(again.shardOf(sku)).isEqualTo(ring.shardOf(sku));
            owned.merge(ring.shardOf(sku), 1, Integer::sum);
        }
        assertThat(owned.get("east")).isBetween(3_000, 7_000);
        assertThat(owned.get("west")).isBetween(3_000, 7_000);
    }
}
