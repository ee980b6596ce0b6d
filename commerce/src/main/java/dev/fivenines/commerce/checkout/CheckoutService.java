package dev.fivenines.commerce.checkout;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fivenines.base.Ids;
import dev.fivenines.base.Json;
import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import dev.fivenines.commerce.cart.Cart;
import dev.fivenines.commerce.cart.CartService;
import dev.fivenines.commerce.cart.CartStatus;
import dev.fivenines.commerce.payloads.MoneyJson;
import dev.fivenines.commerce.payloads.OrderPlaced;
import dev.fivenines.commerce.idempotency.IdempotencyRules.Decision;
import dev.fivenines.commerce.idempotency.IdempotencyStore;
import dev.fivenines.commerce.order.Order;
import dev.fivenines.commerce.order.OrderLine;
import dev.fivenines.commerce.order.OrderRepository;
import dev.fivenines.commerce.order.OrderStatus;
import dev.fivenines.commerce.order.OrderTokens;
import dev.fivenines.commerce.order.OrderView;
import dev.fivenines.commerce.payment.PaymentProvider;
import dev.fivenines.commerce.payment.PaymentRecords;
import dev.fivenines.commerce.payment.PaymentResult;
import dev.fivenines.commerce.payment.PaymentStatus;
import dev.fivenines.commerce.payment.PaymentUnavailableException;
import dev.fivenines.commerce.payment.PendingPaymentPolicy;
import dev.fivenines.events.EventTypes;
import dev.fivenines.events.Outbox;
import dev.fivenines.events.OutgoingEvent;
import dev.fivenines.events.Topics;
import dev.fivenines.db.Database;
import dev.fivenines.db.DatabaseException;
import dev.fivenines.inventory.InventoryClient;
import dev.fivenines.inventory.InventoryUnavailableException;
import dev.fivenines.inventory.ReserveResult;
import dev.fivenines.inventory.StockLine;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The buy path: price the cart, hold its stock, authorize the payment, then write the order, its
 * payment, the key's final response and {@code OrderPlaced} in one transaction.
 *
 * <p>Ordering rule for every way out without an order: first settle the idempotency key (record
 * the refusal, or forget the attempt), and only then give back the hold and the authorization. If
 * settling the key fails, both are left alone: a retry that takes the attempt over reuses the same
 * order id, so it must find that hold still held (or expired, which it detects), never released.
 *
 * <p>A ledger that cannot answer a reserve (a leader election) may still have taken the hold. The
 * attempt's key is then unlocked with its order id kept, so the client's retry with the same key
 * (after Retry-After) takes the attempt over and reserves again with the same hold id: it gets the
 * same hold back, not a second one. The hold is also queued in {@link PendingHoldReleases}; if no
 * retry takes it over within the grace, {@link HoldReleaseRetrier} releases it (moving the key to a
 * new order id first). Any other release that fails (ledger down while giving a hold back) is queued
 * there too and retried in the background, instead of stranding the units for {@link #HOLD_TTL}.
 *
 * <p>"Payment pending" (issue 5): when the provider cannot answer (down, breaker open, deadline
 * missed) and the {@link PendingPaymentPolicy} has room, the order is placed anyway with a PENDING
 * payment and {@code PendingPaymentCapturer} authorizes it later (idempotent per order id, so an
 * authorization that did reach the provider before the deadline is found again, not doubled). The
 * risk check counts PENDING payments in SQL under the {@code pending_payment_gate} row lock, in the
 * order's own transaction, so two racing checkouts cannot both take the last slot. Over the limit,
 * checkout answers 503 + Retry-After as when the policy is disabled.
 */
public final class CheckoutService {
    private static final Logger LOG = Logger.getLogger(CheckoutService.class.getName());
    public static final Duration HOLD_TTL = Duration.ofMinutes(15);
    public static final int DATABASE_RETRY_AFTER_SECONDS = 2;
    public static final int INVENTORY_RETRY_AFTER_SECONDS = 2;

    private final Database db;
    private final InventoryClient inventory;
    private final PaymentProvider payments;
    private final Outbox outbox;
    private final IdempotencyStore keys;
    private final Clock clock;
    private final Ids ids;
    private final PendingPaymentPolicy pendingPolicy;
    private final PendingHoldReleases pendingReleases;
    private final OrderTokens tokens;

    /** Checkout without the pending-payment degradation: a provider outage is a 503. */
    public CheckoutService(Database db, InventoryClient inventory, PaymentProvider payments, Outbox outbox,
                           IdempotencyStore keys, Clock clock, Ids ids) {
        this(db, inventory, payments, outbox, keys, clock, ids, PendingPaymentPolicy.DISABLED);
    }

    public CheckoutService(Database db, InventoryClient inventory, PaymentProvider payments, Outbox outbox,
                           IdempotencyStore keys, Clock clock, Ids ids, PendingPaymentPolicy pendingPolicy) {
        this(db, inventory, payments, outbox, keys, clock, ids, pendingPolicy,
                new PendingHoldReleases(db, clock, PendingHoldReleases.Config.DEFAULT), OrderTokens.secure());
    }

    /**
     * As above; holds that could not be given back at once go to {@code pendingReleases}, and
     * {@code tokens} makes each order's access token, handed out in the 201 (and its replays) only.
     */
    public CheckoutService(Database db, InventoryClient inventory, PaymentProvider payments, Outbox outbox,
                           IdempotencyStore keys, Clock clock, Ids ids, PendingPaymentPolicy pendingPolicy,
                           PendingHoldReleases pendingReleases, OrderTokens tokens) {
        this.pendingReleases = java.util.Objects.requireNonNull(pendingReleases, "pendingReleases");
        this.tokens = java.util.Objects.requireNonNull(tokens, "tokens");
        this.pendingPolicy = java.util.Objects.requireNonNull(pendingPolicy, "pendingPolicy");
        this.db = db;
        this.inventory = inventory;
        this.payments = payments;
        this.outbox = outbox;
        this.keys = keys;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * Checks out {@code cartId} for {@code email} under {@code key}, whose request has
     * {@code fingerprint}. Returns the response to send (first time or replayed); throws
     * {@link ProblemException} for answers that are not stored (key misuse, 503s).
     */
    public CheckoutResponse checkout(String key, String fingerprint, UUID cartId, String email) {
        return checkout(key, fingerprint, cartId, email, null);
    }

    /**
     * As {@link #checkout(String, String, UUID, String)}, in shopping session {@code sessionId}
     * (the client's {@code X-Session-Id}, or null). An id that is not valid per
     * {@link OrderPlaced#isValidSessionId} is dropped, never a reason to refuse the buyer: the session
     * only feeds the edges' value models. A valid one is stored with the order
     * and published in its {@code OrderPlaced}; it is not part of the request's fingerprint, so a retry
     * that carries another session (or none) is still the same checkout and replays the first answer.
     */
    public CheckoutResponse checkout(String key, String fingerprint, UUID cartId, String email, String sessionId) {
        String session = sessionId;
        if (session != null && !OrderPlaced.isValidSessionId(session)) {
            LOG.fine(() -> "checkout key " + key + ": ignoring a session id that is not 1-" + OrderPlaced.MAX_SESSION_ID_LENGTH
                    + " visible ASCII characters; the order is placed without a session");
            session = null;
        }
        Decision decision;
        try {
            decision = keys.begin(key, fingerprint, ids.next());
        } catch (DatabaseException e) {
            throw new ProblemException(CheckoutProblems.databaseUnavailable(), DATABASE_RETRY_AFTER_SECONDS, e);
        }
        return switch (decision) {
            case Decision.Mismatch m -> throw new ProblemException(CheckoutProblems.keyReused());
            case Decision.InProgress p -> throw new ProblemException(CheckoutProblems.inProgress(), p.retryAfterSeconds(), null);
            case Decision.Replay r -> new CheckoutResponse(r.status(), r.body(), r.orderId(), true);
            case Decision.Proceed p -> attempt(key, p.orderId(), p.takeover(), cartId, email, session);
        };
    }

    private CheckoutResponse attempt(String key, UUID orderId, boolean takeover, UUID cartId, String email,
                                     String sessionId) {
        Cart cart;
        try {
            cart = db.autocommit(c -> CartService.load(c, cartId, false)).orElse(null);
        } catch (DatabaseException e) {
            throw unavailable(key, CheckoutProblems.databaseUnavailable(), DATABASE_RETRY_AFTER_SECONDS, e);
        }
        if (cart == null) {
            return refuse(key, orderId, Problem.notFound("cart", cartId.toString()), false, false);
        }
        if (cart.status() != CartStatus.OPEN) {
            return refuse(key, orderId, CartService.checkedOut(cartId).problem(), false, false);
        }
        if (cart.isEmpty()) {
            return refuse(key, orderId, CheckoutProblems.emptyCart(cartId), false, false);
        }
        List<StockLine> stock = cart.lines().stream().map(l -> new StockLine(l.productId(), l.quantity())).toList();
        ReserveResult reserved = reserve(key, orderId, stock, takeover);
        if (takeover && reserved instanceof ReserveResult.Held held && !held.expiresAt().isAfter(clock.instant())) {
            // The attempt we take over died so long ago that its hold expired: start with a new id.
            orderId = ids.next();
            LOG.info("checkout key " + key + ": the previous attempt's hold expired; continuing as order " + orderId);
            try {
                keys.reassignOrderId(key, orderId);
            } catch (DatabaseException e) {
                throw new ProblemException(CheckoutProblems.databaseUnavailable(), DATABASE_RETRY_AFTER_SECONDS, e);
            }
            reserved = reserve(key, orderId, stock, false);
        }
        if (reserved instanceof ReserveResult.Short shortage) {
            return refuse(key, orderId, CheckoutProblems.outOfStock(shortage.shortages()), false, false);
        }

        PaymentResult payment;
        try {
            payment = payments.authorize(orderId, cart.total(), key, email);
        } catch (PaymentUnavailableException e) {
            if (pendingPolicy.enabled()) {
                return placeOrder(key, orderId, cart, email, sessionId, Optional.empty(), Optional.of(e));
            }
            // A call that timed out may have authorized at the provider: void it along with the hold.
            throw unavailableAfterHold(key, orderId, e.mayHaveReachedProvider(), CheckoutProblems.paymentUnavailable(),
                    e.retryAfterSeconds(), e);
        }
        if (payment instanceof PaymentResult.Declined declined) {
            return refuse(key, orderId, CheckoutProblems.declined(declined.reason()), true, false);
        }
        String authorizationId = ((PaymentResult.Authorized) payment).authorizationId();
        return placeOrder(key, orderId, cart, email, sessionId, Optional.of(authorizationId), Optional.empty());
    }

    /** {@code heldBefore}: an earlier attempt with this order id (taken over now) may hold stock already. */
    private ReserveResult reserve(String key, UUID orderId, List<StockLine> stock, boolean heldBefore) {
        try {
            return inventory.reserve(orderId, stock, HOLD_TTL);
        } catch (InventoryUnavailableException e) {
            if (!e.mayHaveApplied() && !heldBefore) {
                // Refused before it was sent (open breaker, full queue): no hold to keep or give back.
                throw unavailable(key, CheckoutProblems.inventoryUnavailable(), INVENTORY_RETRY_AFTER_SECONDS, e);
            }
            throw keepHoldForRetry(key, orderId, e);
        }
    }

    /**
     * The ledger may have taken the hold before the deadline passed, and giving it back now would
     * most likely fail the same way: leave it to the client's retry with this key (same order id, so
     * the same hold), and queue its release in case no retry comes (see the class comment).
     */
    private ProblemException keepHoldForRetry(String key, UUID orderId, InventoryUnavailableException cause) {
        boolean queued;
        try {
            queued = db.inTransaction(tx -> pendingReleases.keepForRetry(tx, keys, key, orderId));
        } catch (DatabaseException e) {
            // Key still locked with this order id: a retry takes the attempt over after the lock and reuses the hold.
            cause.addSuppressed(e);
            LOG.log(Level.WARNING, "checkout key " + key + ": could not queue the release of hold " + orderId
                    + "; a retry after the key's lock reuses it, else it expires after " + HOLD_TTL, e);
            return new ProblemException(CheckoutProblems.databaseUnavailable(), DATABASE_RETRY_AFTER_SECONDS, cause);
        }
        if (!queued) {
            LOG.warning("checkout key " + key + ": release of hold " + orderId + " not queued (queue full or the key moved on);"
                    + " the hold is left to a retry with the key, or expires after " + HOLD_TTL);
        }
        return new ProblemException(CheckoutProblems.inventoryUnavailable(), INVENTORY_RETRY_AFTER_SECONDS, cause);
    }

    /** Signals, from inside the order transaction, that another checkout took the cart first. */
    private static final class CartTaken extends RuntimeException {
        CartTaken() {
            super(null, null, false, false);
        }
    }

    /** Signals, from inside the order transaction, that the pending-payment risk limit has no room. */
    private static final class OverRiskLimit extends RuntimeException {
        OverRiskLimit(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Writes the order: with {@code authorizationId}, or, when {@code unavailable} says why the
     * provider could not answer, with a PENDING payment if the risk limit has room.
     */
    private CheckoutResponse placeOrder(String key, UUID orderId, Cart cart, String email, String sessionId,
                                        Optional<String> authorizationId, Optional<PaymentUnavailableException> unavailable) {
        Instant now = clock.instant();
        boolean pending = authorizationId.isEmpty();
        // What to give back if no order is written: a timed-out authorization may have reached the provider.
        boolean mayBeAuthorized = !pending || unavailable.get().mayHaveReachedProvider();
        List<OrderLine> lines = cart.lines().stream()
                .map(l -> new OrderLine(l.productId(), l.name(), l.quantity(), l.unitPrice())).toList();
        Order order = new Order(orderId, cart.id(), email, OrderStatus.PLACED, lines, cart.total(),
                pending ? PaymentStatus.PENDING : PaymentStatus.AUTHORIZED, now, now);
        // The token is in the stored answer, so a replay of this key hands out the same one.
        String accessToken = tokens.next();
        String body = toJson(OrderView.of(order).withAccessToken(accessToken));
        OrderPlaced placed = new OrderPlaced(orderId.toString(), email,
                lines.stream().map(l -> new OrderPlaced.Line(l.productId(), l.quantity(), MoneyJson.of(l.unitPrice()))).toList(),
                MoneyJson.of(order.total()), now, sessionId);
        try {
            db.inTransaction(tx -> {
                // Priced cart and locked cart may differ if the shopper edited it meanwhile; the
                // order is what was held and authorized, and the cart is frozen from here on.
                if (CartService.lockStatus(tx, cart.id()).orElseThrow(CartTaken::new) != CartStatus.OPEN) {
                    throw new CartTaken();
                }
                if (pending) {
                    // Lock order: cart row, then the gate (the only two locks taken here), so no cycle.
                    PaymentRecords.lockPendingGate(tx);
                    Optional<String> refusal = pendingPolicy.refusal(order.total(), PaymentRecords.pendingExposure(tx));
                    if (refusal.isPresent()) {
                        throw new OverRiskLimit(refusal.get());
                    }
                }
                OrderRepository.insert(tx, order, key, sessionId, OrderTokens.digest(accessToken));
                if (pending) {
                    PaymentRecords.insertPending(tx, orderId, order.total(), now);
                } else {
                    PaymentRecords.insert(tx, orderId, authorizationId.get(), order.total(), now);
                }
                CartService.markCheckedOut(tx, cart.id(), orderId, Timestamp.from(now));
                keys.complete(tx, key, 201, body);
                outbox.append(tx, new OutgoingEvent(Topics.ORDERS, orderId.toString(), EventTypes.ORDER_PLACED,
                        orderId.toString(), OrderPlaced.SCHEMA_VERSION, placed));
                return null;
            });
        } catch (CartTaken e) {
            return refuse(key, orderId, CartService.checkedOut(cart.id()).problem(), true, mayBeAuthorized);
        } catch (OverRiskLimit e) {
            PaymentUnavailableException cause = unavailable.get();
            LOG.info(() -> "checkout key " + key + ": payment provider unavailable and no room for a pending payment: "
                    + e.getMessage());
            cause.addSuppressed(e);
            throw unavailableAfterHold(key, orderId, mayBeAuthorized, CheckoutProblems.paymentUnavailable(),
                    cause.retryAfterSeconds(), cause);
        } catch (DatabaseException e) {
            throw unavailableAfterHold(key, orderId, mayBeAuthorized, CheckoutProblems.databaseUnavailable(), DATABASE_RETRY_AFTER_SECONDS, e);
        }
        if (pending) {
            LOG.log(Level.WARNING, "order " + orderId + " placed with payment PENDING: " + unavailable.get().getMessage());
        }
        return new CheckoutResponse(201, body, orderId, false);
    }

    /** Records a final refusal for the key, then gives back what the attempt held. */
    private CheckoutResponse refuse(String key, UUID orderId, Problem problem, boolean held, boolean authorized) {
        String body = toJson(problem.toJsonMap());
        try {
            keys.complete(key, problem.status(), body);
        } catch (DatabaseException e) {
            // Key unsettled: leave hold and authorization for the attempt that takes over (see class doc).
            throw new ProblemException(CheckoutProblems.databaseUnavailable(), DATABASE_RETRY_AFTER_SECONDS, e);
        }
        giveBack(orderId, held, authorized);
        return new CheckoutResponse(problem.status(), body, orderId, false);
    }

    /** Forgets the attempt (a retry starts afresh), gives back what it held, and answers 503. */
    private ProblemException unavailableAfterHold(String key, UUID orderId, boolean authorized, Problem problem,
                                                  int retryAfterSeconds, Exception cause) {
        if (!forget(key, cause)) {
            return new ProblemException(CheckoutProblems.databaseUnavailable(), DATABASE_RETRY_AFTER_SECONDS, cause);
        }
        giveBack(orderId, true, authorized);
        return new ProblemException(problem, retryAfterSeconds, cause);
    }

    private ProblemException unavailable(String key, Problem problem, int retryAfterSeconds, Exception cause) {
        if (!forget(key, cause)) {
            return new ProblemException(CheckoutProblems.databaseUnavailable(), DATABASE_RETRY_AFTER_SECONDS, cause);
        }
        return new ProblemException(problem, retryAfterSeconds, cause);
    }

    /** Deletes the in-progress key; false (and logged) if the database would not. */
    private boolean forget(String key, Exception cause) {
        try {
            keys.abandon(key);
            return true;
        } catch (DatabaseException e) {
            cause.addSuppressed(e);
            LOG.log(Level.WARNING, "could not forget checkout key " + key + "; a retry takes it over after its lock", e);
            return false;
        }
    }

    private void giveBack(UUID orderId, boolean held, boolean authorized) {
        if (authorized) {
            try {
                payments.voidOrRefund(orderId);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not void the authorization of unplaced order " + orderId
                        + "; it lapses at the provider", e);
            }
        }
        if (held) {
            try {
                inventory.release(orderId);
            } catch (RuntimeException e) {
                queueRelease(orderId, e);
            }
        }
    }

    /** The key is settled, so the order id is dead: the release is retried in the background. */
    private void queueRelease(UUID orderId, RuntimeException failure) {
        try {
            if (pendingReleases.enqueue(orderId)) {
                LOG.log(Level.INFO, "could not release the hold of unplaced order " + orderId + " (" + failure
                        + "); retrying in the background");
                return;
            }
            LOG.log(Level.WARNING, "could not release the hold of unplaced order " + orderId
                    + " and the retry queue is full; it expires after " + HOLD_TTL, failure);
        } catch (DatabaseException e) {
            failure.addSuppressed(e);
            LOG.log(Level.WARNING, "could not release the hold of unplaced order " + orderId
                    + " nor queue it for a retry; it expires after " + HOLD_TTL, failure);
        }
    }

    private static String toJson(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("checkout response not serialisable", e);
        }
    }
}
