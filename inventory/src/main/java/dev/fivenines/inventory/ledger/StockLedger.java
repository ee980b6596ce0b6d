package dev.fivenines.inventory.ledger;

import dev.fivenines.inventory.HoldStatus;
import dev.fivenines.inventory.ReserveResult.Shortage;
import dev.fivenines.inventory.StockLine;
import dev.fivenines.inventory.ledger.LedgerCommand.Adjust;
import dev.fivenines.inventory.ledger.LedgerCommand.Commit;
import dev.fivenines.inventory.ledger.LedgerCommand.Expire;
import dev.fivenines.inventory.ledger.LedgerCommand.Release;
import dev.fivenines.inventory.ledger.LedgerCommand.Reserve;
import dev.fivenines.inventory.ledger.LedgerCommand.Restock;
import dev.fivenines.inventory.ledger.LedgerCommand.SetPolicy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The stock ledger as a deterministic state machine: the same commands with the same stamps give the
 * same state and replies on every replica. It reads no clock: "now" is the stamp the leader put on the
 * log entry ({@link #apply}), never moving backwards, so holds expire at the same log position
 * everywhere. Not thread-safe: one applier thread owns it.
 *
 * <p>Before each command, holds due at the stamp expire and finished records older than their
 * retention are forgotten (a repeat after that is treated as new; a release of a committed hold after
 * that returns false). After each command the touched SKUs' invariants are checked and any SKU whose
 * available units fell to safety stock raises one {@link StockLow} for the episode.
 */
public final class StockLedger {
    /** How long a finished hold (or a short reserve) is remembered for replaying its reply. */
    public static final long DEFAULT_HOLD_RETENTION_MILLIS = 3_600_000L;
    /** How long restock receipts and adjustments are remembered, so redelivered ones are ignored. */
    public static final long DEFAULT_RECEIPT_RETENTION_MILLIS = 30L * 24 * 3_600_000L;

    static final class Sku {
        final String sku;
        int onHand;
        int held;
        int safetyStock;
        int reorderQty;
        boolean low;
        long episode;

        Sku(String sku) {
            this.sku = sku;
        }

        int available() {
            return onHand - held;
        }
    }

    static final class Hold {
        final UUID id;
        final Map<String, Integer> lines;
        final long expiresAtMillis;
        HoldStatus status = HoldStatus.HELD;
        long finishedAtMillis = -1;
        /** 0 none yet, 1 true, 2 false: the first reply of commit / release, replayed for repeats. */
        byte commitReply;
        byte releaseReply;

        Hold(UUID id, Map<String, Integer> lines, long expiresAtMillis) {
            this.id = id;
            this.lines = lines;
            this.expiresAtMillis = expiresAtMillis;
        }
    }

    /** A reply remembered for a key until {@code atMillis} + retention. */
    record Recorded(LedgerReply reply, long atMillis) {
    }

    /** Forget {@code key} of {@code kind} once its retention since {@code atMillis} has passed. */
    record Tomb(long atMillis, char kind, Object key) {
    }

    final long holdRetentionMillis;
    final long receiptRetentionMillis;
    long nowMillis = Long.MIN_VALUE;
    final Map<String, Sku> skus = new HashMap<>();
    final Map<UUID, Hold> holds = new HashMap<>();
    final Map<UUID, Recorded> shortReserves = new HashMap<>();
    final Map<String, Recorded> receipts = new HashMap<>();
    final Map<String, Recorded> adjustments = new HashMap<>();
    final TreeSet<Hold> expiryOrder = new TreeSet<>((a, b) -> a.expiresAtMillis != b.expiresAtMillis
            ? Long.compare(a.expiresAtMillis, b.expiresAtMillis) : a.id.compareTo(b.id));
    final ArrayDeque<Tomb> holdTombs = new ArrayDeque<>();
    final ArrayDeque<Tomb> receiptTombs = new ArrayDeque<>();

    private final Set<Sku> touched = new LinkedHashSet<>();
    private final List<StockLow> events = new ArrayList<>();

    public StockLedger() {
        this(DEFAULT_HOLD_RETENTION_MILLIS, DEFAULT_RECEIPT_RETENTION_MILLIS);
    }

    public StockLedger(long holdRetentionMillis, long receiptRetentionMillis) {
        dev.fivenines.base.Check.inRange("holdRetentionMillis", holdRetentionMillis, 1, Long.MAX_VALUE / 4);
        dev.fivenines.base.Check.inRange("receiptRetentionMillis", receiptRetentionMillis, 1, Long.MAX_VALUE / 4);
        this.holdRetentionMillis = holdRetentionMillis;
        this.receiptRetentionMillis = receiptRetentionMillis;
    }

    /** Applies one command at the leader-stamped time {@code stampMillis} (earlier stamps count as the latest seen). */
    public Outcome apply(long stampMillis, LedgerCommand command) {
        touched.clear();
        events.clear();
        advanceTo(stampMillis);
        LedgerReply reply = switch (command) {
            case Reserve r -> reserve(r);
            case Commit c -> commit(c.holdId());
            case Release r -> release(r.holdId());
            case Expire e -> LedgerReply.APPLIED;
            case Restock r -> restock(r);
            case Adjust a -> adjust(a);
            case SetPolicy p -> setPolicy(p);
        };
        for (Sku sku : touched) {
            checkSku(sku);
            raiseStockLow(sku);
        }
        return new Outcome(reply, events);
    }

    private void advanceTo(long stampMillis) {
        nowMillis = Math.max(nowMillis, stampMillis);
        while (!expiryOrder.isEmpty() && expiryOrder.first().expiresAtMillis <= nowMillis) {
            Hold hold = expiryOrder.pollFirst();
            for (var line : hold.lines.entrySet()) {
                Sku sku = skus.get(line.getKey());
                sku.held -= line.getValue();
                touched.add(sku);
            }
            finish(hold, HoldStatus.EXPIRED);
        }
        prune(holdTombs, holdRetentionMillis);
        prune(receiptTombs, receiptRetentionMillis);
    }

    private void prune(ArrayDeque<Tomb> tombs, long retentionMillis) {
        while (!tombs.isEmpty() && tombs.peekFirst().atMillis() <= nowMillis - retentionMillis) {
            Tomb tomb = tombs.pollFirst();
            switch (tomb.kind()) {
                case 'h' -> {
                    Hold hold = holds.get((UUID) tomb.key());
                    // A committed hold released later has a newer tomb; this one is stale.
                    if (hold != null && hold.finishedAtMillis == tomb.atMillis()) {
                        holds.remove(hold.id);
                    }
                }
                case 's' -> shortReserves.remove((UUID) tomb.key());
                case 'r' -> receipts.remove((String) tomb.key());
                case 'a' -> adjustments.remove((String) tomb.key());
                default -> throw new LedgerInvariantException("unknown tomb kind " + tomb.kind());
            }
        }
    }

    private LedgerReply reserve(Reserve command) {
        Hold existing = holds.get(command.holdId());
        if (existing != null) {
            return new LedgerReply.Held(existing.id, existing.expiresAtMillis);
        }
        Recorded shortBefore = shortReserves.get(command.holdId());
        if (shortBefore != null) {
            return shortBefore.reply();
        }
        if (command.expiresAtMillis() <= nowMillis) {
            return new LedgerReply.Rejected("hold " + command.holdId() + " expires at " + command.expiresAtMillis()
                    + ", not after now " + nowMillis);
        }
        Map<String, Integer> units = new TreeMap<>();
        for (StockLine line : command.lines()) {
            units.merge(line.sku(), line.units(), Integer::sum);
        }
        List<Shortage> shortages = new ArrayList<>();
        for (var line : units.entrySet()) {
            Sku sku = skus.get(line.getKey());
            int available = sku == null ? 0 : sku.available();
            // An overflowed sum is negative: always short, never a wrap-around.
            if (line.getValue() < 1 || available < line.getValue()) {
                shortages.add(new Shortage(line.getKey(), line.getValue(), Math.max(0, available)));
            }
        }
        if (!shortages.isEmpty()) {
            LedgerReply.Short reply = new LedgerReply.Short(shortages);
            shortReserves.put(command.holdId(), new Recorded(reply, nowMillis));
            holdTombs.addLast(new Tomb(nowMillis, 's', command.holdId()));
            return reply;
        }
        Hold hold = new Hold(command.holdId(), Collections.unmodifiableMap(units), command.expiresAtMillis());
        for (var line : units.entrySet()) {
            Sku sku = skus.get(line.getKey());
            sku.held += line.getValue();
            touched.add(sku);
        }
        holds.put(hold.id, hold);
        expiryOrder.add(hold);
        return new LedgerReply.Held(hold.id, hold.expiresAtMillis);
    }

    private LedgerReply commit(UUID holdId) {
        Hold hold = holds.get(holdId);
        if (hold == null) {
            return LedgerReply.NO_SUCH_HOLD;
        }
        if (hold.commitReply == 0) {
            boolean ok = hold.status == HoldStatus.HELD;
            if (ok) {
                expiryOrder.remove(hold);
                for (var line : hold.lines.entrySet()) {
                    Sku sku = skus.get(line.getKey());
                    sku.onHand -= line.getValue();
                    sku.held -= line.getValue();
                    touched.add(sku);
                }
                finish(hold, HoldStatus.COMMITTED);
            }
            hold.commitReply = (byte) (ok ? 1 : 2);
        }
        return hold.commitReply == 1 ? LedgerReply.APPLIED : LedgerReply.NOT_APPLIED;
    }

    private LedgerReply release(UUID holdId) {
        Hold hold = holds.get(holdId);
        if (hold == null) {
            return LedgerReply.NO_SUCH_HOLD;
        }
        if (hold.releaseReply == 0) {
            HoldStatus was = hold.status;
            switch (was) {
                case HELD -> {
                    expiryOrder.remove(hold);
                    hold.lines.forEach((sku, units) -> touch(sku).held -= units);
                    finish(hold, HoldStatus.RELEASED);
                }
                // A sale undone (cancelled order): the units come back on hand.
                case COMMITTED -> {
                    hold.lines.forEach((sku, units) -> touch(sku).onHand += units);
                    finish(hold, HoldStatus.RELEASED);
                }
                case EXPIRED, RELEASED -> {
                    // Units are already back: the caller's wish holds.
                }
            }
            hold.releaseReply = 1;
        }
        return hold.releaseReply == 1 ? LedgerReply.APPLIED : LedgerReply.NOT_APPLIED;
    }

    private LedgerReply restock(Restock command) {
        Recorded before = receipts.get(command.receiptId());
        if (before != null) {
            return before.reply();
        }
        Sku sku = skus.computeIfAbsent(command.sku(), Sku::new);
        LedgerReply reply;
        if (sku.onHand > Integer.MAX_VALUE - command.units()) {
            reply = new LedgerReply.Rejected("restock of " + command.units() + " would overflow on hand "
                    + sku.onHand + " of sku " + sku.sku);
        } else {
            sku.onHand += command.units();
            touched.add(sku);
            reply = LedgerReply.APPLIED;
        }
        receipts.put(command.receiptId(), new Recorded(reply, nowMillis));
        receiptTombs.addLast(new Tomb(nowMillis, 'r', command.receiptId()));
        return reply;
    }

    private LedgerReply adjust(Adjust command) {
        Recorded before = adjustments.get(command.adjustmentId());
        if (before != null) {
            return before.reply();
        }
        Sku sku = skus.computeIfAbsent(command.sku(), Sku::new);
        LedgerReply reply;
        if (command.newOnHand() < sku.held) {
            reply = new LedgerReply.Rejected("sku " + sku.sku + " has " + sku.held + " units held; on hand cannot become "
                    + command.newOnHand() + " (" + command.reason() + ")");
        } else {
            sku.onHand = command.newOnHand();
            touched.add(sku);
            reply = LedgerReply.APPLIED;
        }
        adjustments.put(command.adjustmentId(), new Recorded(reply, nowMillis));
        receiptTombs.addLast(new Tomb(nowMillis, 'a', command.adjustmentId()));
        return reply;
    }

    private LedgerReply setPolicy(SetPolicy command) {
        Sku sku = touch(command.sku());
        sku.safetyStock = command.safetyStock();
        sku.reorderQty = command.reorderQty();
        return LedgerReply.APPLIED;
    }

    private Sku touch(String name) {
        Sku sku = skus.computeIfAbsent(name, Sku::new);
        touched.add(sku);
        return sku;
    }

    private void finish(Hold hold, HoldStatus next) {
        hold.status = hold.status.moveTo(next, hold.id);
        hold.finishedAtMillis = nowMillis;
        holdTombs.addLast(new Tomb(nowMillis, 'h', hold.id));
    }

    private void raiseStockLow(Sku sku) {
        if (sku.available() <= sku.safetyStock) {
            if (!sku.low) {
                sku.low = true;
                sku.episode++;
                events.add(new StockLow(sku.sku, sku.episode, sku.available(), sku.safetyStock, sku.reorderQty));
            }
        } else {
            sku.low = false;
        }
    }

    static void checkSku(Sku sku) {
        if (sku.onHand < 0) {
            throw new LedgerInvariantException("on hand >= 0 for sku " + sku.sku + ": " + sku.onHand);
        }
        if (sku.held < 0) {
            throw new LedgerInvariantException("held >= 0 for sku " + sku.sku + ": " + sku.held);
        }
        if (sku.held > sku.onHand) {
            throw new LedgerInvariantException("held <= on hand for sku " + sku.sku + ": " + sku.held + " > " + sku.onHand);
        }
    }

    /**
     * Checks every invariant over the whole state (O(state)): per SKU bounds, and every SKU's held
     * units equal to the units of its live holds. Run after loading a snapshot and in simulations.
     */
    public void checkInvariants() {
        Map<String, Long> heldByHolds = new HashMap<>();
        for (Hold hold : holds.values()) {
            if (hold.status == HoldStatus.HELD) {
                if (!expiryOrder.contains(hold)) {
                    throw new LedgerInvariantException("live hold " + hold.id + " is missing from the expiry order");
                }
                hold.lines.forEach((sku, units) -> heldByHolds.merge(sku, (long) units, Long::sum));
            }
        }
        long live = holds.values().stream().filter(h -> h.status == HoldStatus.HELD).count();
        if (live != expiryOrder.size() || expiryOrder.stream().anyMatch(h -> h.status != HoldStatus.HELD)) {
            throw new LedgerInvariantException("expiry order has " + expiryOrder.size() + " holds, " + live + " holds are live");
        }
        for (Sku sku : skus.values()) {
            checkSku(sku);
            long accounted = heldByHolds.getOrDefault(sku.sku, 0L);
            if (accounted != sku.held) {
                throw new LedgerInvariantException("held units of sku " + sku.sku + " = units of its live holds: "
                        + sku.held + " != " + accounted);
            }
        }
        for (String sku : heldByHolds.keySet()) {
            if (!skus.containsKey(sku)) {
                throw new LedgerInvariantException("live holds reference unknown sku " + sku);
            }
        }
    }

    /** Units available (on hand - held) of a SKU the ledger knows. */
    public Optional<Integer> available(String sku) {
        Sku s = skus.get(sku);
        return s == null ? Optional.empty() : Optional.of(s.available());
    }

    public Optional<SkuStock> stock(String sku) {
        Sku s = skus.get(sku);
        return s == null ? Optional.empty()
                : Optional.of(new SkuStock(s.sku, s.onHand, s.held, s.safetyStock, s.reorderQty, s.low, s.episode));
    }

    /**
     * Every SKU in an open low episode (available at or below safety stock since its last StockLow),
     * as the StockLow of that episode with today's available units, ordered by SKU. The leader
     * re-announces these so an episode whose first publication was lost still reaches replenishment;
     * (sku, episode) is the same as in the original event, so consumers deduplicate the repeat.
     */
    public List<StockLow> openLowEpisodes() {
        List<StockLow> open = new ArrayList<>();
        for (Sku s : skus.values()) {
            if (s.low) {
                open.add(new StockLow(s.sku, s.episode, s.available(), s.safetyStock, s.reorderQty));
            }
        }
        open.sort(java.util.Comparator.comparing(StockLow::sku));
        return open;
    }

    /** The hold's status while the ledger remembers it. */
    public Optional<HoldStatus> holdStatus(UUID holdId) {
        Hold hold = holds.get(holdId);
        return hold == null ? Optional.empty() : Optional.of(hold.status);
    }

    /** When the earliest live hold expires; {@link Long#MAX_VALUE} while no hold is live. */
    public long nextExpiryMillis() {
        return expiryOrder.isEmpty() ? Long.MAX_VALUE : expiryOrder.first().expiresAtMillis;
    }

    /** The latest leader stamp applied (Long.MIN_VALUE before the first command). */
    public long nowMillis() {
        return nowMillis;
    }

    public int liveHolds() {
        return expiryOrder.size();
    }

    public int skuCount() {
        return skus.size();
    }

    /** One SKU's numbers, as a value. */
    public record SkuStock(String sku, int onHand, int held, int safetyStock, int reorderQty, boolean low, long episode) {
        public int available() {
            return onHand - held;
        }
    }
}
