package dev.fivenines.commerce.checkout;

import dev.fivenines.base.ProblemException;
import dev.fivenines.commerce.idempotency.IdempotencyStore;
import dev.fivenines.commerce.idempotency.RequestFingerprint;
import dev.fivenines.commerce.testing.ControllablePaymentProvider.Mode;
import dev.fivenines.commerce.testing.FlakyLedger;
import dev.fivenines.commerce.testing.ShopFixture;
import dev.fivenines.inventory.HoldStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import static dev.fivenines.commerce.testing.ShopFixture.sku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A checkout that fails while the ledger is unavailable (a leader election) must not strand its
 * hold for the TTL: a retry with the same key reuses the hold, and a release that failed is
 * retried in the background until the ledger answers. Real PostgreSQL and the SQL ledger behind a
 * {@link FlakyLedger}; the retrier's rounds are run by hand on the fixture's clock.
 */
class CheckoutHoldRecoveryTest {
    private static FlakyLedger flaky;
    private static ShopFixture f;
    private static int keys;

    @BeforeAll
    static void start() {
        f = new ShopFixture("hold_recovery", ledger -> flaky = new FlakyLedger(ledger));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /** Each test looks at its own rows; the retrier's rounds see every row, so none may be left over. */
    @AfterEach
    void ledgerAndProviderBackAndQueueEmpty() {
        flaky.releasesFail(false);
        f.provider.mode(Mode.UP);
        f.db.inTransaction(tx -> {
            try (var clear = tx.prepareStatement("DELETE FROM pending_hold_releases")) {
                clear.executeUpdate();
            }
            return null;
        });
    }

    private static String newKey() {
        return "hold-key-" + (++keys) + "-" + UUID.randomUUID();
    }

    private static UUID cartWith(int skuIndex, int quantity) {
        UUID cart = f.shop.carts().create().id();
        f.shop.carts().addLine(cart, sku(skuIndex), quantity);
        return cart;
    }

    private static CheckoutResponse checkout(String key, UUID cartId) {
        String body = ShopFixture.checkoutBody(cartId, "ann@example.com");
        return f.shop.checkout().checkout(key, RequestFingerprint.of("POST", "/api/v1/checkout", body.getBytes(StandardCharsets.UTF_8)),
                cartId, "ann@example.com");
    }

    /** The first attempt: the ledger takes the hold but its answer is lost, and releases fail: a 503 with Retry-After. */
    private static UUID checkoutDuringAnElection(String key, UUID cart) {
        flaky.loseNextReserveAnswer();
        flaky.releasesFail(true);
        assertThatThrownBy(() -> checkout(key, cart)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(503);
            assertThat(e.problem().detail()).contains("stock ledger");
            assertThat(e.retryAfterSeconds()).isEqualTo(CheckoutService.INVENTORY_RETRY_AFTER_SECONDS);
        });
        var record = new IdempotencyStore(f.db, f.clock, IdempotencyStore.DEFAULT_LOCK).find(key);
        assertThat(record).as("the key keeps the attempt's order id for a retry").isPresent();
        return record.get().orderId();
    }

    private static long pendingRows(UUID orderId) {
        return f.count("SELECT count(*) FROM pending_hold_releases WHERE order_id = ?", orderId);
    }

    @Test
    void givenAReserveThatHeldButAnsweredUnavailable_whenRetriedWithTheSameKey_thenTheSameOrderIdAndHoldAreReused() {
        UUID cart = cartWith(1, 3);
        List<Integer> before = f.stock(sku(1));
        String key = newKey();

        UUID firstOrderId = checkoutDuringAnElection(key, cart);
        assertThat(f.stock(sku(1))).as("the lost reserve holds the units").containsExactly(before.get(0), before.get(1) + 3);
        flaky.releasesFail(false);
        f.clock.advance(Duration.ofSeconds(CheckoutService.INVENTORY_RETRY_AFTER_SECONDS));

        CheckoutResponse retry = checkout(key, cart);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.orderId()).isEqualTo(firstOrderId);
        assertThat(f.stock(sku(1))).as("one hold, not two").containsExactly(before.get(0), before.get(1) + 3);
        assertThat(f.ledger.status(firstOrderId)).isEqualTo(HoldStatus.HELD);

        // After the grace the queued release sees that the retry placed the order on the hold, and leaves it.
        f.clock.advance(PendingHoldReleases.Config.DEFAULT.reuseGrace());
        int releasesBefore = flaky.releaseCalls();
        HoldReleaseRetrier.Round round = f.shop.holdReleases().runOnce();
        assertThat(round.takenOver()).isEqualTo(1);
        assertThat(round.released()).isZero();
        assertThat(flaky.releaseCalls()).isEqualTo(releasesBefore);
        assertThat(pendingRows(firstOrderId)).isZero();
        assertThat(f.ledger.status(firstOrderId)).isEqualTo(HoldStatus.HELD);
        assertThat(f.stock(sku(1))).containsExactly(before.get(0), before.get(1) + 3);
    }

    @Test
    void givenAKeptHoldThatNobodyRetries_whenTheLedgerAnswersAgain_thenTheRetrierReleasesItAndALateRetryTakesAFreshHold() {
        UUID cart = cartWith(2, 2);
        List<Integer> before = f.stock(sku(2));
        String key = newKey();
        UUID firstOrderId = checkoutDuringAnElection(key, cart);

        // Within the grace nothing is released: a retry may still come for the hold.
        assertThat(f.shop.holdReleases().runOnce().released()).isZero();
        f.clock.advance(PendingHoldReleases.Config.DEFAULT.reuseGrace());

        // The ledger is still down: each round fails once and backs off, the row stays.
        for (int attempt = 1; attempt <= 3; attempt++) {
            Instant now = f.clock.instant();
            HoldReleaseRetrier.Round round = f.shop.holdReleases().runOnce();
            assertThat(round.retried()).as("round %d", attempt).isEqualTo(1);
            assertThat(f.count("SELECT attempts FROM pending_hold_releases WHERE order_id = ?", firstOrderId)).isEqualTo(attempt);
            Instant notBefore = Instant.ofEpochMilli(f.count(
                    "SELECT round(extract(epoch FROM not_before) * 1000)::bigint FROM pending_hold_releases WHERE order_id = ?",
                    firstOrderId));
            long fullMillis = PendingHoldReleases.Config.DEFAULT.initialBackoff().toMillis() << (attempt - 1);
            assertThat(Duration.between(now, notBefore).toMillis()).as("back-off after attempt %d", attempt)
                    .isBetween(fullMillis / 2, fullMillis);
            assertThat(f.shop.holdReleases().runOnce().retried()).as("not due again before its back-off").isZero();
            f.clock.advance(Duration.ofMillis(fullMillis));
        }
        assertThat(f.stock(sku(2))).containsExactly(before.get(0), before.get(1) + 2);

        flaky.releasesFail(false);
        HoldReleaseRetrier.Round round = f.shop.holdReleases().runOnce();

        assertThat(round.released()).isEqualTo(1);
        assertThat(f.ledger.status(firstOrderId)).isEqualTo(HoldStatus.RELEASED);
        assertThat(f.stock(sku(2))).isEqualTo(before);
        assertThat(pendingRows(firstOrderId)).isZero();

        // The key moved on to a new order id before the release, so a late retry never finds a released hold.
        CheckoutResponse late = checkout(key, cart);
        assertThat(late.status()).isEqualTo(201);
        assertThat(late.orderId()).isNotEqualTo(firstOrderId);
        assertThat(f.stock(sku(2))).containsExactly(before.get(0), before.get(1) + 2);
    }

    @Test
    void givenAPaymentOutageWhileTheLedgerCannotRelease_whenTheLedgerAnswersAgain_thenTheQueuedReleaseGivesTheUnitsBack() {
        UUID cart = cartWith(3, 4);
        List<Integer> before = f.stock(sku(3));
        f.provider.mode(Mode.DOWN);
        flaky.releasesFail(true);

        assertThatThrownBy(() -> checkout(newKey(), cart)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(503));
        UUID orderId = UUID.fromString(f.string("SELECT order_id::text FROM pending_hold_releases WHERE idempotency_key IS NULL"
                + " ORDER BY created_at DESC LIMIT 1"));
        assertThat(f.ledger.status(orderId)).isEqualTo(HoldStatus.HELD);
        assertThat(f.shop.holdReleases().runOnce().retried()).isEqualTo(1);
        assertThat(f.stock(sku(3))).containsExactly(before.get(0), before.get(1) + 4);

        flaky.releasesFail(false);
        f.clock.advance(PendingHoldReleases.Config.DEFAULT.initialBackoff());

        assertThat(f.shop.holdReleases().runOnce().released()).isEqualTo(1);
        assertThat(f.ledger.status(orderId)).isEqualTo(HoldStatus.RELEASED);
        assertThat(f.stock(sku(3))).isEqualTo(before);
    }

    @Test
    void givenAReserveRefusedBeforeItWasSent_whenCheckedOut_thenA503WithNothingKeptOrQueuedAndTheRetryStartsAfresh() {
        UUID cart = cartWith(4, 1);
        List<Integer> before = f.stock(sku(4));
        String key = newKey();
        flaky.refuseNextReserve();

        assertThatThrownBy(() -> checkout(key, cart)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(503);
            assertThat(e.retryAfterSeconds()).isEqualTo(CheckoutService.INVENTORY_RETRY_AFTER_SECONDS);
        });

        assertThat(f.count("SELECT count(*) FROM pending_hold_releases")).isZero();
        assertThat(f.count("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = ?", key)).isZero();
        assertThat(f.stock(sku(4))).isEqualTo(before);
        assertThat(checkout(key, cart).status()).isEqualTo(201);
        assertThat(f.stock(sku(4))).containsExactly(before.get(0), before.get(1) + 1);
    }

    @Test
    void givenALedgerThatNeverAnswers_whenTheAttemptsRunOut_thenTheRetrierGivesUpCountsItAndForgetsTheRow() {
        var config = PendingHoldReleases.Config.builder().reuseGrace(Duration.ZERO).maxPending(100).pollInterval(Duration.ofSeconds(1))
                .batchSize(10).initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(400)).maxAttempts(3)
                .lateReserveWindow(Duration.ZERO).build();
        var pending = new PendingHoldReleases(f.db, f.clock, config);
        var retrier = new HoldReleaseRetrier(pending, f.db, new IdempotencyStore(f.db, f.clock, IdempotencyStore.DEFAULT_LOCK),
                flaky, f.clock, f.ids, new SplittableRandom(5));
        UUID orderId = UUID.randomUUID();
        flaky.releasesFail(true);
        assertThat(pending.enqueue(orderId)).isTrue();

        for (int attempt = 1; attempt <= 3; attempt++) {
            retrier.runOnce();
            f.clock.advance(config.maxBackoff());
        }

        assertThat(retrier.retriedCount()).isEqualTo(2);
        assertThat(retrier.gaveUpCount()).isEqualTo(1);
        assertThat(pendingRows(orderId)).isZero();
        retrier.close();
    }

    @Test
    void givenAFullQueue_whenAnotherReleaseIsQueued_thenItIsRefused() {
        var config = PendingHoldReleases.Config.builder().reuseGrace(Duration.ZERO).maxPending(1).pollInterval(Duration.ofSeconds(1))
                .batchSize(10).initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(400)).maxAttempts(3)
                .lateReserveWindow(Duration.ZERO).build();
        var pending = new PendingHoldReleases(f.db, f.clock, config);

        assertThat(pending.enqueue(UUID.randomUUID())).isTrue();
        assertThat(pending.enqueue(UUID.randomUUID())).isFalse();
        assertThat(pending.size()).isEqualTo(1);
    }
}
