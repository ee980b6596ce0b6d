package dev.fivenines.inventory.raft;

import dev.fivenines.base.Check;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.TimeDuration;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Timing of the Raft servers (election timeouts: docs/decisions/005-raft-election-timeouts.md).
 *
 * @param electionTimeoutMin   lower bound of the randomised election timeout
 * @param electionTimeoutMax   upper bound
 * @param snapshotEveryEntries take a snapshot (and purge the log up to it) after this many entries
 * @param expiryTick           how often the leader submits an Expire so that idle holds still expire
 * @param stockLowReannounce   how often the leader re-announces every open low episode (it also does so
 *                             as soon as it becomes leader), so a StockLow lost between apply and
 *                             publication still reaches replenishment
 * @param appenderWaitMin      the least time between two AppendEntries a leader sends one follower
 *                             (Ratis' {@code raft.server.log.appender.wait-time.min})
 * @param ratisOverrides       raw Ratis properties set last, for trials of a Ratis key in benchmarks
 *                             ({@code InventoryPeerMain --ratis key=value,...}); empty in the cluster
 * @param idleTick             the longest the leader lets its log's time stand still when no hold is due:
 *                             it ticks only when a hold expires or this long after the last entry
 */
public record RaftTuning(Duration electionTimeoutMin, Duration electionTimeoutMax, long snapshotEveryEntries, Duration expiryTick,
                         Duration stockLowReannounce, Duration appenderWaitMin, Map<String, String> ratisOverrides,
                         Duration idleTick) {
    public static final Duration DEFAULT_STOCK_LOW_REANNOUNCE = Duration.ofSeconds(30);
    /**
     * 1 ms, not Ratis' 10 ms: while entries are due the appender waits out this gap since its last send
     * to that follower, and with one entry in flight (decision 020) each entry follows its
     * predecessor's commit by less than 10 ms, so the gap floored every round trip at ~10 ms (64 buyers
     * at most ~6k reservations/s on any box). Idle groups are unaffected: with nothing due the appender
     * waits for the heartbeat. Decision 021.
     */
    public static final Duration DEFAULT_APPENDER_WAIT_MIN = Duration.ofMillis(1);
    /**
     * One second, the check period: a follower also bounds its staleness by the stamp of its last
     * applied entry (decision 007), so an idle group needs a stamped entry every second for its
     * followers to answer the stock badge's 2 s reads (a minute made them fall back to the leader,
     * {@code BoundedReadTest}). Busy groups skip the tick; longer suits deployments without follower reads.
     */
    public static final Duration DEFAULT_IDLE_TICK = Duration.ofSeconds(1);
    /**
     * Election timeouts of 300-500 ms: failover within a second, since a follower notices a dead leader
     * after one to two timeouts, yet above Ratis' 150-300 ms, which a CPU-starved box cannot keep up
     * with. Figures in docs/decisions/005-raft-election-timeouts.md.
     */
    public static final RaftTuning DEFAULT = new RaftTuning(Duration.ofMillis(300), Duration.ofMillis(500), 20_000, Duration.ofSeconds(1));

    public RaftTuning(Duration electionTimeoutMin, Duration electionTimeoutMax, long snapshotEveryEntries, Duration expiryTick) {
        this(electionTimeoutMin, electionTimeoutMax, snapshotEveryEntries, expiryTick, DEFAULT_STOCK_LOW_REANNOUNCE,
                DEFAULT_APPENDER_WAIT_MIN, Map.of(), DEFAULT_IDLE_TICK);
    }

    public RaftTuning(Duration electionTimeoutMin, Duration electionTimeoutMax, long snapshotEveryEntries, Duration expiryTick,
                      Duration stockLowReannounce) {
        this(electionTimeoutMin, electionTimeoutMax, snapshotEveryEntries, expiryTick, stockLowReannounce,
                DEFAULT_APPENDER_WAIT_MIN, Map.of(), DEFAULT_IDLE_TICK);
    }

    public RaftTuning {
        Check.inRange("electionTimeoutMin millis", electionTimeoutMin.toMillis(), 50, 60_000);
        Check.inRange("electionTimeoutMax millis", electionTimeoutMax.toMillis(), electionTimeoutMin.toMillis() + 1, 120_000);
        Check.inRange("snapshotEveryEntries", snapshotEveryEntries, 1, 100_000_000);
        Check.inRange("expiryTick millis", expiryTick.toMillis(), 10, 3_600_000);
        Check.inRange("stockLowReannounce millis", stockLowReannounce.toMillis(), 100, 86_400_000);
        Check.inRange("appenderWaitMin millis", appenderWaitMin.toMillis(), 0, 1_000);
        ratisOverrides.keySet().forEach(key -> Check.argument(key.startsWith("raft."), "a Ratis override key starts with 'raft.', was '%s'", key));
        ratisOverrides = Map.copyOf(ratisOverrides);
        Check.inRange("idleTick millis", idleTick.toMillis(), expiryTick.toMillis(), 86_400_000);
    }

    public RaftTuning withSnapshotEveryEntries(long entries) {
        return new RaftTuning(electionTimeoutMin, electionTimeoutMax, entries, expiryTick, stockLowReannounce, appenderWaitMin, ratisOverrides, idleTick);
    }

    public RaftTuning withStockLowReannounce(Duration every) {
        return new RaftTuning(electionTimeoutMin, electionTimeoutMax, snapshotEveryEntries, expiryTick, every, appenderWaitMin, ratisOverrides, idleTick);
    }

    public RaftTuning withAppenderWaitMin(Duration wait) {
        return new RaftTuning(electionTimeoutMin, electionTimeoutMax, snapshotEveryEntries, expiryTick, stockLowReannounce, wait, ratisOverrides, idleTick);
    }

    public RaftTuning withRatisOverrides(Map<String, String> overrides) {
        return new RaftTuning(electionTimeoutMin, electionTimeoutMax, snapshotEveryEntries, expiryTick, stockLowReannounce,
                appenderWaitMin, overrides, idleTick);
    }

    public RaftTuning withIdleTick(Duration every) {
        return new RaftTuning(electionTimeoutMin, electionTimeoutMax, snapshotEveryEntries, expiryTick, stockLowReannounce,
                appenderWaitMin, ratisOverrides, every);
    }

    void applyTo(RaftProperties properties) {
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, millis(electionTimeoutMin));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, millis(electionTimeoutMax));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(properties, millis(electionTimeoutMin));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(properties, millis(electionTimeoutMax));
        RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(properties, millis(leaderStepDownWait()));
        RaftServerConfigKeys.Log.Appender.setWaitTimeMin(properties, millis(appenderWaitMin));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, snapshotEveryEntries);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, 2);
        // Purge only what every follower has: purging up to the snapshot forced snapshot installs on
        // followers that were merely behind, and Ratis' appender hit "Previous TermIndex not found" there.
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, false);
        // No commit-index METADATA entry after each commit: with one client entry in flight it doubled
        // the log (every batch was followed by one, with its own fsync and AppendEntries on every
        // replica). Raft keeps the commit index volatile; a restarted replica applies its log once a
        // leader tells it the commit index, within a heartbeat. Decision 034.
        RaftServerConfigKeys.Log.setLogMetadataEnabled(properties, false);
        ratisOverrides.forEach(properties::set);
    }

    /**
     * How long a leader that stepped down sits out elections: two election timeouts, not Ratis' 10 s,
     * because a preferred leader that stepped down while alive also rejects the others' pre-votes, so
     * its group has no leader for the whole wait ({@code PreferredLeaderStepDownTest};
     * docs/decisions/006-raft-leader-step-down-wait.md).
     */
    public Duration leaderStepDownWait() {
        return electionTimeoutMax.multipliedBy(2);
    }

    static TimeDuration millis(Duration duration) {
        return TimeDuration.valueOf(duration.toMillis(), TimeUnit.MILLISECONDS);
    }
}
