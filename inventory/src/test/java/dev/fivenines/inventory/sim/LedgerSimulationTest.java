package dev.fivenines.inventory.sim;

import dev.fivenines.inventory.HoldStatus;
import dev.fivenines.inventory.StockLine;
import dev.fivenines.inventory.ledger.LedgerCommand;
import dev.fivenines.inventory.ledger.LedgerReply;
import dev.fivenines.inventory.ledger.LedgerSnapshot;
import dev.fivenines.inventory.ledger.Outcome;
import dev.fivenines.inventory.ledger.StockLedger;
import dev.fivenines.inventory.ledger.StockLow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Deterministic simulation of the replicated ledger: a simulated leader appends stamped commands from
 * clients that retry (same id, possibly after other commands), replicas apply the log at their own
 * pace, crash and restart from their own snapshot, or get a snapshot installed from another replica.
 * After every apply every invariant is checked; at the end all replicas must hold the same bytes, have
 * given the same reply and events at every log index, and every retry must have got its first reply.
 * A failure names the seed: rerun with {@code -Dsim.seed=N} to replay it exactly.
 */
class LedgerSimulationTest {
    private static final int SEEDS = Integer.getInteger("sim.seeds", 150);
    private static final int STEPS = Integer.getInteger("sim.steps", 400);
    private static final String[] SKUS = {"A", "B", "C", "D"};

    record Entry(long stampMillis, LedgerCommand command) {
    }

    /** A replica: its ledger and how far into the log it has applied. */
    static final class Replica {
        StockLedger ledger = new StockLedger(5_000, 50_000);
        int applied;
    }

    @Test
    void givenRandomInterleavingsWithRetriesCrashesAndSnapshots_whenReplicasApplyTheLog_thenInvariantsHoldAndReplicasConverge() {
        Long only = Long.getLong("sim.seed");
        long first = only != null ? only : 1;
        long last = only != null ? only : SEEDS;
        for (long seed = first; seed <= last; seed++) {
            try {
                simulate(seed, true);
                simulate(seed, false);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("simulation failed with seed " + seed + " (rerun with -Dsim.seed=" + seed + "): " + e, e);
            }
        }
    }

    private void simulate(long seed, boolean withAdjust) {
        Random random = new Random(seed);
        List<Entry> log = new ArrayList<>();
        Map<Integer, Outcome> outcomeAt = new HashMap<>();
        List<Replica> replicas = List.of(new Replica(), new Replica(), new Replica());
        List<LedgerCommand> sent = new ArrayList<>();
        List<UUID> holdIds = new ArrayList<>();
        long leaderMillis = 1_000;
        int restocked = 0;

        for (int step = 0; step < STEPS; step++) {
            int action = random.nextInt(100);
            if (action < 45) {
                LedgerCommand command = nextCommand(random, sent, holdIds, leaderMillis, withAdjust);
                if (command instanceof LedgerCommand.Restock r && !sent.contains(r)) {
                    restocked += r.units();
                }
                sent.add(command);
                // A new leader's clock may lag the old one's a little: the ledger must not go back in time.
                leaderMillis += random.nextInt(10) == 0 ? -random.nextInt(50) : random.nextInt(400);
                log.add(new Entry(leaderMillis, command));
            } else if (action < 90) {
                Replica replica = replicas.get(random.nextInt(replicas.size()));
                applyNext(replica, log, outcomeAt);
            } else if (action < 95) {
                // Crash and restart from the replica's own snapshot.
                Replica replica = replicas.get(random.nextInt(replicas.size()));
                replica.ledger = LedgerSnapshot.fromBytes(LedgerSnapshot.toBytes(replica.ledger));
            } else {
                // A lagging replica gets the snapshot of one further ahead (leader install).
                Replica from = replicas.get(random.nextInt(replicas.size()));
                Replica to = replicas.get(random.nextInt(replicas.size()));
                if (from.applied > to.applied) {
                    to.ledger = LedgerSnapshot.fromBytes(LedgerSnapshot.toBytes(from.ledger));
                    to.applied = from.applied;
                }
            }
        }
        for (Replica replica : replicas) {
            while (replica.applied < log.size()) {
                applyNext(replica, log, outcomeAt);
            }
        }
        byte[] reference = LedgerSnapshot.toBytes(replicas.getFirst().ledger);
        for (Replica replica : replicas) {
            assertThat(LedgerSnapshot.toBytes(replica.ledger)).as("replica state").isEqualTo(reference);
        }
        checkRetriesGotTheirFirstReply(log, outcomeAt);
        checkStockLowEpisodes(log, outcomeAt);
        if (!withAdjust) {
            checkUnitsAreConserved(replicas.getFirst().ledger, log, outcomeAt, restocked);
        }
    }

    private static void applyNext(Replica replica, List<Entry> log, Map<Integer, Outcome> outcomeAt) {
        if (replica.applied >= log.size()) {
            return;
        }
        int index = replica.applied;
        Entry entry = log.get(index);
        Outcome outcome = replica.ledger.apply(entry.stampMillis(), entry.command());
        replica.ledger.checkInvariants();
        Outcome before = outcomeAt.putIfAbsent(index, outcome);
        if (before != null && !before.equals(outcome)) {
            fail("log index " + index + " (" + entry.command() + ") answered " + outcome + " here, " + before + " elsewhere");
        }
        replica.applied++;
    }

    private static LedgerCommand nextCommand(Random random, List<LedgerCommand> sent, List<UUID> holdIds,
                                             long leaderMillis, boolean withAdjust) {
        int kind = random.nextInt(100);
        if (kind < 15 && !sent.isEmpty()) {
            // A client retry: the same command again, some time after its first try.
            return sent.get(Math.max(0, sent.size() - 1 - random.nextInt(Math.min(sent.size(), 20))));
        }
        if (kind < 50 || holdIds.isEmpty()) {
            UUID id = UUID.nameUUIDFromBytes(("hold-" + random.nextLong()).getBytes());
            holdIds.add(id);
            int lineCount = 1 + random.nextInt(3);
            List<StockLine> lines = new ArrayList<>();
            for (int i = 0; i < lineCount; i++) {
                lines.add(new StockLine(SKUS[random.nextInt(SKUS.length)], 1 + random.nextInt(4)));
            }
            return new LedgerCommand.Reserve(id, lines, leaderMillis + 200 + random.nextInt(3_000));
        }
        UUID someHold = holdIds.get(random.nextInt(holdIds.size()));
        if (kind < 68) {
            return new LedgerCommand.Commit(someHold);
        }
        if (kind < 80) {
            return new LedgerCommand.Release(someHold);
        }
        if (kind < 88) {
            return new LedgerCommand.Expire();
        }
        String sku = SKUS[random.nextInt(SKUS.length)];
        if (kind < 95) {
            return new LedgerCommand.Restock(sku, 1 + random.nextInt(8), "po-" + random.nextInt(1_000_000));
        }
        if (kind < 98 && withAdjust) {
            return new LedgerCommand.Adjust(sku, random.nextInt(12), "cycle count", "adj-" + random.nextInt(1_000_000));
        }
        return new LedgerCommand.SetPolicy(sku, random.nextInt(4), 10);
    }

    /** A repeated reserve within the retention gets exactly the first answer. */
    private static void checkRetriesGotTheirFirstReply(List<Entry> log, Map<Integer, Outcome> outcomeAt) {
        Map<UUID, LedgerReply> firstReserveReply = new HashMap<>();
        Map<UUID, Long> firstAt = new HashMap<>();
        long now = Long.MIN_VALUE;
        for (int i = 0; i < log.size(); i++) {
            now = Math.max(now, log.get(i).stampMillis());
            if (log.get(i).command() instanceof LedgerCommand.Reserve r) {
                LedgerReply reply = outcomeAt.get(i).reply();
                LedgerReply first = firstReserveReply.get(r.holdId());
                if (first == null || reply instanceof LedgerReply.Rejected) {
                    if (!(reply instanceof LedgerReply.Rejected)) {
                        firstReserveReply.put(r.holdId(), reply);
                        firstAt.put(r.holdId(), now);
                    }
                } else if (now - firstAt.get(r.holdId()) < 2_000) {
                    // Well inside the 5 s retention (even counting the hold's own lifetime).
                    assertThat(reply).as("retry of hold %s at log index %s", r.holdId(), i).isEqualTo(first);
                }
            }
        }
    }

    /** Each SKU's StockLow episodes count 1, 2, 3... with no repeats. */
    private static void checkStockLowEpisodes(List<Entry> log, Map<Integer, Outcome> outcomeAt) {
        Map<String, Long> lastEpisode = new HashMap<>();
        for (int i = 0; i < log.size(); i++) {
            for (StockLow low : outcomeAt.get(i).events()) {
                long expected = lastEpisode.getOrDefault(low.sku(), 0L) + 1;
                assertThat(low.episode()).as("episode of StockLow for %s at index %s", low.sku(), i).isEqualTo(expected);
                assertThat(low.availableUnits()).isLessThanOrEqualTo(low.safetyStock());
                lastEpisode.put(low.sku(), expected);
            }
        }
    }

    /**
     * Without cycle counts, units only come in by restock and leave by commit (and come back by a
     * release after commit): on hand = restocked - units sold, so nothing is ever sold twice.
     */
    private static void checkUnitsAreConserved(StockLedger ledger, List<Entry> log, Map<Integer, Outcome> outcomeAt, int restocked) {
        Map<UUID, Integer> unitsOfHold = new HashMap<>();
        Map<UUID, HoldStatus> status = new HashMap<>();
        int sold = 0;
        for (int i = 0; i < log.size(); i++) {
            LedgerCommand command = log.get(i).command();
            LedgerReply reply = outcomeAt.get(i).reply();
            if (command instanceof LedgerCommand.Reserve r && reply instanceof LedgerReply.Held && !unitsOfHold.containsKey(r.holdId())) {
                unitsOfHold.put(r.holdId(), r.lines().stream().mapToInt(StockLine::units).sum());
                status.put(r.holdId(), HoldStatus.HELD);
            } else if (command instanceof LedgerCommand.Commit c && reply.equals(LedgerReply.APPLIED)
                    && status.get(c.holdId()) == HoldStatus.HELD) {
                sold += unitsOfHold.get(c.holdId());
                status.put(c.holdId(), HoldStatus.COMMITTED);
            } else if (command instanceof LedgerCommand.Release r && reply.equals(LedgerReply.APPLIED)
                    && status.get(r.holdId()) == HoldStatus.COMMITTED) {
                sold -= unitsOfHold.get(r.holdId());
                status.put(r.holdId(), HoldStatus.RELEASED);
            }
        }
        int onHand = 0;
        for (String sku : SKUS) {
            onHand += ledger.stock(sku).map(StockLedger.SkuStock::onHand).orElse(0);
        }
        assertThat(onHand).as("units on hand = restocked %s - sold %s", restocked, sold).isEqualTo(restocked - sold);
    }
}
