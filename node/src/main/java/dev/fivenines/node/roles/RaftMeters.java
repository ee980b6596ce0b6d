package dev.fivenines.node.roles;

import dev.fivenines.inventory.raft.InventoryGroup;
import dev.fivenines.inventory.raft.InventoryPeer;
import dev.fivenines.inventory.raft.RaftProgress;
import dev.fivenines.web.server.Meters;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A ledger replica's Raft progress per group on {@code /metrics}: leader changes (an election storm
 * shows as a steep counter), whether it leads, its term, and how far behind it is: entries committed
 * but not applied here, and, on the leader, entries the slowest follower has not replicated. Read
 * from Ratis at scrape time (in memory, no I/O).
 */
final class RaftMeters {
    private static final Logger LOG = Logger.getLogger(RaftMeters.class.getName());

    private RaftMeters() {
    }

    /** {@code peer} must stay alive while registered: the registry holds it weakly (see {@link Meters}). */
    static void register(MeterRegistry registry, InventoryPeer peer) {
        Meters meters = new Meters(registry);
        for (InventoryGroup group : peer.groups()) {
            String name = group.name();
            List<Tag> tags = List.of(Tag.create("group", name));
            meters.counter("fivenines.raft.leader.changes", "leader changes this replica has seen", peer,
                    p -> p.stateMachine(name).leaderChanges(), tags);
            meters.gauge("fivenines.raft.leader", "1 while this replica leads the group", peer,
                    read(name, p -> p.leader() ? 1 : 0), tags);
            meters.gauge("fivenines.raft.term", "the Raft term this replica is in", peer, read(name, RaftProgress::term), tags);
            meters.gauge("fivenines.raft.commit.index", "highest log index this replica knows committed", peer,
                    read(name, RaftProgress::commitIndex), tags);
            meters.gauge("fivenines.raft.applied.index", "highest log index this replica's ledger has applied", peer,
                    read(name, RaftProgress::appliedIndex), tags);
            meters.gauge("fivenines.raft.apply.lag.entries", "entries committed but not yet applied by this replica", peer,
                    read(name, RaftProgress::applyLagEntries), tags);
            meters.gauge("fivenines.raft.follower.lag.entries", "on the leader: committed entries the slowest follower "
                    + "has not replicated (0 on followers)", peer, read(name, RaftProgress::followerLagEntries), tags);
        }
    }

    /** A gauge reading that survives a division going away (the server stopping): NaN, logged, not an exception per scrape. */
    private static ToDoubleFunction<InventoryPeer> read(String group, ToDoubleFunction<RaftProgress> value) {
        return peer -> {
            try {
                return value.applyAsDouble(peer.progress(group));
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "no Raft progress for group " + group + " on " + peer.id() + ": " + e.getMessage(), e);
                return Double.NaN;
            }
        };
    }
}
