package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.BoundedReadPolicy;
import dev.fivenines.inventory.ReadConsistency;
import dev.fivenines.inventory.StockReading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A read over two groups is routed per group and merged; it is as stale as its stalest part. */
class ShardedBoundedReadTest {
    private static final RaftInventoryClient.Settings SETTINGS =
            new RaftInventoryClient.Settings(Duration.ofSeconds(10), 256, Duration.ZERO, 4, 10_000);

    @TempDir
    Path dir;
    private LocalRaftCluster east;
    private LocalRaftCluster west;

    @AfterEach
    void tearDown() {
        if (east != null) {
            east.close();
        }
        if (west != null) {
            west.close();
        }
    }

    @Test
    void givenSkusInTwoGroups_whenReadBoundedAndStrong_thenEachGroupAnswersForItsOwnAndTheReadingsMerge() {
        // One replica per group keeps this cheap; the replica-side bound is covered by BoundedReadTest.
        east = new LocalRaftCluster(dir.resolve("east"), 1, RaftTuning.DEFAULT);
        west = new LocalRaftCluster(dir.resolve("west"), 1, RaftTuning.DEFAULT);
        east.awaitLeader();
        west.awaitLeader();
        ShardedInventoryClient client = new ShardedInventoryClient(Map.of("east", east.client(SETTINGS), "west", west.client(SETTINGS)));
        client.useBoundedReadPolicy(BoundedReadPolicy.forInstance(1));
        String a = "sku-0";
        String b = IntStream.range(1, 1000).mapToObj(i -> "sku-" + i)
                .filter(s -> !client.groupOf(s).equals(client.groupOf(a))).findFirst().orElseThrow();
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
}
