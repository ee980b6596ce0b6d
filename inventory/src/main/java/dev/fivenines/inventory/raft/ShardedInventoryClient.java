package dev.fivenines.inventory.raft;

import dev.fivenines.base.Check;
import dev.fivenines.inventory.InventoryClient;
import dev.fivenines.inventory.InventoryUnavailableException;
import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One {@link InventoryClient} over several ledger groups, SKUs spread by {@link ConsistentHashRing}.
 * A hold keeps its id in every group it touches. An order spanning groups reserves per group (in
 * group order); if any group answers short, the holds taken elsewhere are released and the combined
 * shortage is returned. If a group cannot answer, the holds already taken are kept (they expire on
 * their own) and the call fails as unavailable: a retry with the same id then gets those holds back
 * (replayed) instead of finding them released.
 *
 * <p>Commit and release go to every group; a group that never saw the hold answers "no such hold"
 * and is left out. The result is true only if every group that has the hold says true. Commit is not
 * atomic across groups: a hold that expired in one group but not another commits partially and
 * returns false.
 */
public final class ShardedInventoryClient implements InventoryClient, AutoCloseable {

    private final Map<String, RaftInventoryClient> groups;
    private final ConsistentHashRing ring;

    /** {@code groups} by name; the names place the groups on the ring, so keep them stable. */
    public ShardedInventoryClient(Map<String, RaftInventoryClient> groups) {
        Check.argument(!groups.isEmpty(), "a sharded client needs at least one group");
        this.groups = new TreeMap<>(groups);
        this.ring = new ConsistentHashRing(List.copyOf(this.groups.keySet()), 128);
    }

    public String groupOf(String sku) {
        return ring.shardOf(sku);
    }

    public RaftInventoryClient group(String name) {
        return Objects.requireNonNull(groups.get(name), () -> "no inventory group " + name);
    }

    @Override
    public ReserveResult reserve(UUID holdId, List<StockLine> lines, Duration ttl) {
        Map<String, List<StockLine>> byGroup = new TreeMap<>();
        for (StockLine line : lines) {
            byGroup.computeIfAbsent(ring.shardOf(line.sku()), g -> new ArrayList<>()).add(line);
        }
        if (byGroup.size() == 1) {
            var only = byGroup.entrySet().iterator().next();
            return group(only.getKey()).reserve(holdId, only.getValue(), ttl);
        }
        List<String> heldIn = new ArrayList<>();
        List<ReserveResult.Shortage> shortages = new ArrayList<>();
        Instant expiresAt = null;
        for (var entry : byGroup.entrySet()) {
            ReserveResult result;
            try {
                result = group(entry.getKey()).reserve(holdId, entry.getValue(), ttl);
            } catch (InventoryUnavailableException e) {
                // Holds taken in earlier groups stand, whatever this group did.
                throw heldIn.isEmpty() ? e : new InventoryUnavailableException("reserve of hold " + holdId + " in group "
                        + entry.getKey() + " failed after holding in " + heldIn + ": " + e.getMessage(), e, true);
            }
            switch (result) {
                case ReserveResult.Held held -> {
                    heldIn.add(entry.getKey());
                    expiresAt = expiresAt == null || held.expiresAt().isBefore(expiresAt) ? held.expiresAt() : expiresAt;
                }
                case ReserveResult.Short s -> shortages.addAll(s.shortages());
            }
        }
        if (shortages.isEmpty()) {
            return new ReserveResult.Held(holdId, expiresAt);
        }
        for (String name : heldIn) {
            try {
                group(name).release(holdId);
            } catch (InventoryUnavailableException e) {
                // Answering Short would strand that group's hold until it expires; unavailable makes the
                // caller keep the hold id for a retry (which replays the same answers) or release it later.
                throw new InventoryUnavailableException("hold " + holdId + " short in some groups, and its hold in group "
                        + name + " could not be released: " + e.getMessage(), e, true);
            }
        }
        return new ReserveResult.Short(List.copyOf(shortages));
    }

    @Override
    public boolean commit(UUID holdId) {
        return everywhere(holdId, true);
    }

    @Override
    public boolean release(UUID holdId) {
        return everywhere(holdId, false);
    }

    private boolean everywhere(UUID holdId, boolean commit) {
        boolean known = false;
        boolean allTrue = true;
        for (var entry : groups.entrySet()) {
            var answer = commit ? entry.getValue().commitAnswer(holdId) : entry.getValue().releaseAnswer(holdId);
            if (answer.isPresent()) {
                known = true;
                allTrue &= answer.get();
            }
        }
        return known && allTrue;
    }

    @Override
    public Map<String, Integer> available(Collection<String> skus) {
        Map<String, List<String>> byGroup = new HashMap<>();
        for (String sku : skus) {
            byGroup.computeIfAbsent(ring.shardOf(sku), g -> new ArrayList<>()).add(sku);
        }
        Map<String, Integer> available = new LinkedHashMap<>();
        byGroup.forEach((name, names) -> available.putAll(group(name).available(names)));
        return available;
    }

    /**
     * Each group answers for its own SKUs at the asked consistency; the merged reading is as stale as
     * its stalest part and names every group's server.
     */
    @Override
    public dev.fivenines.inventory.StockReading read(Collection<String> skus, dev.fivenines.inventory.ReadConsistency consistency) {
        Map<String, List<String>> byGroup = new TreeMap<>();
        for (String sku : skus) {
            byGroup.computeIfAbsent(ring.shardOf(sku), g -> new ArrayList<>()).add(sku);
        }
        Map<String, Integer> available = new LinkedHashMap<>();
        Duration staleness = Duration.ZERO;
        List<String> servedBy = new ArrayList<>();
        for (var entry : byGroup.entrySet()) {
            var part = group(entry.getKey()).read(entry.getValue(), consistency);
            available.putAll(part.available());
            staleness = staleness.compareTo(part.maxStaleness()) >= 0 ? staleness : part.maxStaleness();
            servedBy.add(entry.getKey() + "=" + part.servedBy());
        }
        return new dev.fivenines.inventory.StockReading(available, staleness, String.join(", ", servedBy));
    }

    @Override
    public void useBoundedReadPolicy(dev.fivenines.inventory.BoundedReadPolicy policy) {
        groups.values().forEach(g -> g.useBoundedReadPolicy(policy));
    }

    @Override
    public void close() {
        groups.values().forEach(RaftInventoryClient::close);
    }
}
