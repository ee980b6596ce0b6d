package dev.fivenines.commerce.replenishment;

import dev.fivenines.base.PeriodicLoop;
import dev.fivenines.commerce.payloads.StockReceived;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.Outbox;
import dev.fivenines.events.OutgoingEvent;
import dev.fivenines.events.Topics;
import dev.fivenines.db.Database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves purchase orders forward: sends OPEN and RETRYING orders to the supplier (bounded retries with
 * backoff, then FAILED with the reason) and records the shipments of SENT and PARTIALLY_RECEIVED
 * orders. Each new shipment is, in one transaction, a po_receipts row, the order's next state and a
 * StockReceived in the outbox.
 *
 * <p>Orders are claimed with {@code FOR UPDATE SKIP LOCKED}, so several replenishment processes share
 * the work and each order has one sender at a time. The supplier call happens while the row is
 * locked: a crash after the supplier accepted but before the commit resends the same po id, which the
 * supplier treats as the same order (see {@link Supplier}). Receipt ids are po id + shipment number,
 * so a shipment seen twice collides on the primary key instead of counting twice.
 *
 * <p>{@link #runOnce()} does one bounded batch of each kind and is what tests drive with a controlled
 * clock; {@link #start()} repeats it every poll interval until {@link #close()}.
 */
public final class ReplenishmentScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReplenishmentScheduler.class.getName());
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final List<PurchaseOrderStatus> TO_SEND = List.of(PurchaseOrderStatus.OPEN, PurchaseOrderStatus.RETRYING);
    private static final List<PurchaseOrderStatus> IN_TRANSIT = List.of(PurchaseOrderStatus.SENT, PurchaseOrderStatus.PARTIALLY_RECEIVED);
    static final int MAX_REASON_LENGTH = 500;

    /** What one run did. */
    public record RunResult(int sent, int retried, int failed, int receipts) {
        public int total() {
            return sent + retried + failed + receipts;
        }
    }

    private final Database db;
    private final PurchaseOrderStore store;
    private final Outbox outbox;
    private final Clock clock;
    private final Supplier supplier;
    private final ReplenishmentConfig config;
    // Nothing is lost when a run fails: orders keep their state and the next run takes them again.
    private final PeriodicLoop loop;

    ReplenishmentScheduler(Database db, PurchaseOrderStore store, Outbox outbox, Clock clock, Supplier supplier,
                           ReplenishmentConfig config) {
        this.db = db;
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.supplier = supplier;
        this.config = config;
        this.loop = new PeriodicLoop("replenishment-scheduler", config.pollInterval(), STOP_TIMEOUT, this::runOnce,
                "purchase orders stay as they were until the next run");
    }

    /** Sends at most one batch of due orders and records at most one batch of orders' shipments. */
    public RunResult runOnce() {
        RunResult sending = db.inTransaction(this::sendDue);
        int receipts = db.inTransaction(this::receiveDue);
        return new RunResult(sending.sent(), sending.retried(), sending.failed(), receipts);
    }

    private RunResult sendDue(Connection tx) throws SQLException {
        Instant now = ReplenishmentHandler.now(clock);
        int sent = 0;
        int retried = 0;
        int failed = 0;
        for (PurchaseOrder po : store.lockDue(tx, TO_SEND, now, config.batchSize())) {
            Supplier.SendResult result = sendQuietly(po);
            PurchaseOrder next;
            if (result instanceof Supplier.Accepted accepted) {
                next = po.sent(now.plus(accepted.leadTime()), now.plus(config.deliveryCheckInterval()), now);
                sent++;
            } else {
                Supplier.Refused refused = (Supplier.Refused) result;
                String reason = truncate("attempt " + (po.sendAttempts() + 1) + ": " + refused.reason());
                if (refused.retryable() && po.sendAttempts() + 1 < config.maxSendAttempts()) {
                    Duration pause = Duration.ofMillis(config.sendBackoff().ceilingMillis(po.sendAttempts() + 1));
                    next = po.retryAt(now.plus(pause), reason, now);
                    retried++;
                } else {
                    String why = refused.retryable()
                            ? "supplier refused " + config.maxSendAttempts() + " times; last " + reason : "supplier refused for good: " + reason;
                    next = po.failed(truncate(why), now);
                    failed++;
                    LOG.warning(() -> "purchase order " + po.poId() + " for " + po.unitsOrdered() + " units of sku " + po.sku()
                            + " FAILED (" + next.failureReason() + "); the sku stays low until someone reorders by hand");
                }
            }
            store.update(tx, po.status(), next);
        }
        return new RunResult(sent, retried, failed, 0);
    }

    private Supplier.SendResult sendQuietly(PurchaseOrder po) {
        try {
            return supplier.send(new Supplier.OrderRequest(po.poId(), po.sku(), po.unitsOrdered()));
        } catch (RuntimeException e) {
            // An unreachable or timed-out supplier is "not now": the order is retried with backoff.
            LOG.log(Level.WARNING, "sending purchase order " + po.poId() + " failed; it will be retried", e);
            return new Supplier.Refused("supplier unavailable: " + e, true);
        }
    }

    private int receiveDue(Connection tx) throws SQLException {
        Instant now = ReplenishmentHandler.now(clock);
        int receipts = 0;
        for (PurchaseOrder po : store.lockDue(tx, IN_TRANSIT, now, config.batchSize())) {
            List<Supplier.Delivery> deliveries;
            try {
                deliveries = supplier.deliveries(new Supplier.DeliveryQuery(po.poId(), po.sku(), po.unitsOrdered(), po.expectedAt()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "asking the supplier about purchase order " + po.poId() + " failed; asking again later", e);
                store.update(tx, po.status(), po.checkAgainAt(now.plus(config.deliveryCheckInterval()), now));
                continue;
            }
            if (deliveries.size() > Supplier.MAX_SHIPMENTS_PER_ORDER) {
                throw new IllegalStateException("supplier reports " + deliveries.size() + " shipments for po " + po.poId()
                        + "; at most " + Supplier.MAX_SHIPMENTS_PER_ORDER);
            }
            java.util.Set<Integer> recorded = new java.util.HashSet<>();
            store.receipts(tx, po.poId()).forEach(r -> recorded.add(r.shipmentNo()));
            List<Supplier.Delivery> fresh = deliveries.stream().filter(d -> !recorded.contains(d.shipmentNo()))
                    .sorted(Comparator.comparingInt(Supplier.Delivery::shipmentNo)).toList();
            String problem = implausible(po, fresh);
            if (problem != null) {
                // One order's bad report must not block the batch: record nothing for it, say so loudly,
                // and ask again later (the supplier may correct itself; otherwise an operator must).
                LOG.severe("supplier reported impossible shipments for purchase order " + po.poId() + " (" + problem
                        + "); none recorded, asking again later: " + fresh);
                store.update(tx, po.status(), po.checkAgainAt(now.plus(config.deliveryCheckInterval()), now));
                continue;
            }
            PurchaseOrder current = po;
            for (Supplier.Delivery delivery : fresh) {
                String receiptId = PurchaseOrderStore.receiptId(po.poId(), delivery.shipmentNo());
                Instant receivedAt = now;
                if (!store.insertReceiptIfAbsent(tx, new PurchaseOrderStore.Receipt(receiptId, po.poId(),
                        delivery.shipmentNo(), delivery.units(), receivedAt))) {
                    // Receipts were read under the order's row lock, so this is a writer that ignored it.
                    throw new IllegalStateException("receipt " + receiptId + " appeared while purchase order "
                            + po.poId() + " was locked");
                }
                PurchaseOrderStatus before = current.status();
                current = current.received(delivery.units(), now.plus(config.deliveryCheckInterval()), now);
                outbox.append(tx, new OutgoingEvent(Topics.INVENTORY, po.sku(), EventTypes.STOCK_RECEIVED, po.sku(),
                        StockReceived.SCHEMA_VERSION, new StockReceived(receiptId, po.poId(), po.sku(), delivery.units(), receivedAt)));
                receipts++;
                LOG.fine("purchase order " + po.poId() + ": " + before + " -> " + current.status() + " after receipt " + receiptId);
            }
            if (current == po) {
                current = po.checkAgainAt(now.plus(config.deliveryCheckInterval()), now);
            }
            store.update(tx, po.status(), current);
        }
        return receipts;
    }

    /** Why {@code fresh} (not yet recorded) shipments cannot be applied to {@code po}, or null if they can. */
    static String implausible(PurchaseOrder po, List<Supplier.Delivery> fresh) {
        long units = po.unitsReceived();
        java.util.Set<Integer> numbers = new java.util.HashSet<>();
        for (Supplier.Delivery d : fresh) {
            if (d.shipmentNo() < 1 || d.units() <= 0 || !numbers.add(d.shipmentNo())) {
                return "shipment " + d.shipmentNo() + " with " + d.units() + " units is not a valid, distinct shipment";
            }
            units += d.units();
        }
        if (units > po.unitsOrdered()) {
            return units + " units would exceed the " + po.unitsOrdered() + " ordered";
        }
        return null;
    }

    private static String truncate(String s) {
        return s.length() <= MAX_REASON_LENGTH ? s : s.substring(0, MAX_REASON_LENGTH);
    }

    /** Starts the background loop; idempotent. */
    public void start() {
        loop.start();
    }

    public boolean isRunning() {
        return loop.isRunning();
    }

    /** Stops the loop and waits (bounded) for a run in progress to finish. */
    @Override
    public void close() {
        loop.close();
    }
}
