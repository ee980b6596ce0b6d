package dev.fivenines.inventory.raft;

import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;
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

/** Two Raft groups of three peers each; SKUs spread over them by consistent hash. */
class ShardedLedgerTest {
    private static final RaftInventoryClient.Settings SETTINGS =
            new RaftInventoryClient.Settings(Duration.ofSeconds(10), 256, Duration.ZERO, 4, 10_000);

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

    @Test
    void givenSkusInTwoGroups_whenAnOrderSpansBoth_thenItHoldsAllOrNothingAcrossGroups() {
        east = new LocalRaftCluster(dir.resolve("east"), 3, RaftTuning.DEFAULT);
        west = new LocalRaftCluster(dir.resolve("west"), 3, RaftTuning.DEFAULT);
        east.awaitLeader();
        west.awaitLeader();
        client = new ShardedInventoryClient(Map.of("east", east.client(SETTINGS), "west", west.client(SETTINGS)));
        // Two SKUs the ring puts in different groups.
        String a = "sku-0";
        String b = IntStream.range(1, 1000).mapToObj(i -> "sku-" + i)
                .filter(s -> !client.groupOf(s).equals(client.groupOf(a))).findFirst().orElseThrow();
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
