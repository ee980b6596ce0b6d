package dev.fivenines.inventory.raft;

/**
 * Where one replica of one ledger group stands, for /metrics: read from Ratis and the state machine
 * at scrape time, never from the log on disk.
 *
 * @param term                 the Raft term this replica is in
 * @param leader               whether it leads the group
 * @param leaderChanges        leader changes it has seen since it started
 * @param commitIndex          the highest log index it knows to be committed
 * @param appliedIndex         the highest index its state machine has applied
 * @param followerLagEntries   on the leader, how many committed entries the slowest follower has not
 *                             yet replicated (commit index minus its match index); 0 on a follower
 */
public record RaftProgress(long term, boolean leader, long leaderChanges, long commitIndex, long appliedIndex,
                           long followerLagEntries) {
    /** Committed entries this replica has not applied yet. */
    public long applyLagEntries() {
        return Math.max(0, commitIndex - appliedIndex);
    }
}
