package dev.fivenines.inventory.raft;

import dev.fivenines.base.Check;

import java.util.List;
import java.util.OptionalLong;

/**
 * What a replica knows about its own freshness at one moment, as plain numbers (the Ratis reading of
 * it is {@link ReplicaFreshnessProbe}). Read the contact times <em>before</em> the commit index: then
 * the commit index is at least what the leader had when it sent that contact, never less.
 *
 * @param role                       this replica's role
 * @param leaderContactElapsedMillis follower: time since the current leader's last append (or
 *                                   heartbeat) reached it; negative if it knows no leader
 * @param followerAckElapsedMillis   leader: time since each follower last answered it
 * @param groupSize                  voting members of the group
 * @param targetIndex                the highest commit index this replica knows of (for a follower,
 *                                   the leader's, which may be ahead of its own log); the state is
 *                                   only as fresh as claimed once it has applied this index
 */
record ReplicaView(Role role, long leaderContactElapsedMillis, List<Long> followerAckElapsedMillis, int groupSize,
                   long targetIndex) {
    enum Role { LEADER, FOLLOWER, OTHER }

    ReplicaView {
        followerAckElapsedMillis = List.copyOf(followerAckElapsedMillis);
        Check.argument(groupSize >= 1, "groupSize must be >= 1, was %s", groupSize);
    }

    /**
     * How long ago, at the moment of observation, this replica was last known to have every
     * acknowledged change up to {@link #targetIndex}; empty when it cannot say.
     *
     * <p>A follower: the leader's last contact carried the leader's commit index, which covers every
     * write acknowledged before the contact was sent. A leader: it may have been deposed without
     * knowing; a new leader needs a vote from a majority, and each of those voters answered this
     * leader before voting, so no write can have been acknowledged elsewhere before the moment the
     * majority (this leader included) last answered. The one-way delay of that last message is not
     * counted (milliseconds on one network; see docs/inventory.md).
     */
    OptionalLong freshWithinMillis() {
        return switch (role) {
            case FOLLOWER -> leaderContactElapsedMillis < 0 ? OptionalLong.empty() : OptionalLong.of(leaderContactElapsedMillis);
            case LEADER -> leaderBound();
            case OTHER -> OptionalLong.empty();
        };
    }

    private OptionalLong leaderBound() {
        int othersNeeded = groupSize / 2; // majority minus this leader
        if (othersNeeded == 0) {
            return OptionalLong.of(0);
        }
        List<Long> freshestFirst = followerAckElapsedMillis.stream().filter(ms -> ms >= 0).sorted().toList();
        if (freshestFirst.size() < othersNeeded) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(freshestFirst.get(othersNeeded - 1));
    }
}
