package dev.fivenines.inventory.raft;

import dev.fivenines.base.Check;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps SKUs to shard names by consistent hashing: each shard owns {@code pointsPerShard} points on a
 * 64-bit ring, a SKU belongs to the first point at or after its hash. Adding a shard moves only about
 * 1/n of the SKUs. Pure and deterministic: every client computes the same owner.
 */
public final class ConsistentHashRing {
    private final TreeMap<Long, String> ring = new TreeMap<>();

    public ConsistentHashRing(List<String> shards, int pointsPerShard) {
        Check.argument(!shards.isEmpty(), "a ring needs at least one shard");
        Check.argument(pointsPerShard >= 1 && pointsPerShard <= 10_000, "pointsPerShard must be in [1, 10000], was %s", pointsPerShard);
        for (String shard : shards) {
            for (int i = 0; i < pointsPerShard; i++) {
                String previous = ring.put(hash(shard + "#" + i), shard);
                Check.state(previous == null || previous.equals(shard), "ring point collision between %s and %s", previous, shard);
            }
        }
    }

    public String shardOf(String sku) {
        Map.Entry<Long, String> owner = ring.ceilingEntry(hash(sku));
        return owner != null ? owner.getValue() : ring.firstEntry().getValue();
    }

    /** FNV-1a 64 with a final avalanche, so near-identical SKU names land far apart. */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
