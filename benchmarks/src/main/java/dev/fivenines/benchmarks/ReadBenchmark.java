package dev.fivenines.benchmarks;

import dev.fivenines.inventory.BoundedReadPolicy;
import dev.fivenines.inventory.ReadConsistency;
import dev.fivenines.inventory.StockReading;
import dev.fivenines.inventory.raft.InventoryGroup;
import dev.fivenines.inventory.raft.RaftInventoryClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Availability reads of one random SKU (of the seeded 10,000): strong (ReadIndex at the leader)
 * against bounded (2 s, served by a follower through the bounded-read path), same readers each.
 * Bounded readings the leader had to serve (fallbacks) are counted, not hidden.
 */
final class ReadBenchmark {
    private static final ReadConsistency.Bounded BOUND = ReadConsistency.bounded(Duration.ofSeconds(2));

    private ReadBenchmark() {
    }

    static String measure(RaftInventoryClient raft, InventoryGroup group, RaftInventoryClient.Settings settings,
                          List<Integer> concurrencies, Duration warmup, Duration measure, int spreadSkus) throws InterruptedException {
        String leader = raft.leaderHint().orElseThrow(() -> new IllegalStateException("no leader known after seeding"));
        List<String> ids = List.copyOf(group.peerAddresses().keySet());
        String follower = ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        StringBuilder report = new StringBuilder("| readers | consistency | reads/s | p50 ms | p99 ms | errors | served by the leader |\n"
                + "|---|---|---|---|---|---|---|\n");
        try (RaftInventoryClient bounded = RaftInventoryClient.connect(group, settings, Clock.systemUTC())) {
            bounded.useBoundedReadPolicy(new BoundedReadPolicy(ids.indexOf(follower) + 1, BoundedReadPolicy.DEFAULT_DEADLINE));
            for (int readers : concurrencies) {
                Load.Result strong = Load.run(readers, warmup, measure, () -> !raft.read(List.of(sku(spreadSkus)), ReadConsistency.STRONG)
                        .available().isEmpty());
                row(report, readers, "strong (leader " + leader + ", ReadIndex)", strong, "all");
                LongAdder fellBack = new LongAdder();
                LongAdder total = new LongAdder();
                Load.Result boundedResult = Load.run(readers, warmup, measure, () -> {
                    StockReading reading = bounded.read(List.of(sku(spreadSkus)), BOUND);
                    total.increment();
                    if (!reading.servedBy().equals(follower)) {
                        fellBack.increment();
                    }
                    return !reading.available().isEmpty();
                });
                row(report, readers, "bounded 2 s (follower " + follower + ")", boundedResult,
                        String.format("%,d of %,d", fellBack.sum(), total.sum()));
            }
        }
        return report.toString();
    }

    private static String sku(int spreadSkus) {
        return "sku-" + ThreadLocalRandom.current().nextInt(spreadSkus);
    }

    private static void row(StringBuilder report, int readers, String consistency, Load.Result r, String leaderServed) {
        String line = String.format("| %d | %s | %,.0f | %.2f | %.2f | %d | %s |%n", readers, consistency,
                r.opsPerSecond(), r.p50Millis(), r.p99Millis(), r.errors(), leaderServed);
        report.append(line);
        System.out.print(line);
    }
}
