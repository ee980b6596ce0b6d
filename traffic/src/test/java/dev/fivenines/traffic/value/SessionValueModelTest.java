package dev.fivenines.traffic.value;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SessionValueModelTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong clock = new AtomicLong(0);

    /**
     * A seeded shop: sessions that fill a valuable cart, and returning customers, buy far more
     * often than browsers. After a few thousand sessions the model must rank them accordingly.
     */
    @Test
    void givenTheShopsOwnOutcomesTheModelLearnsThatCartsAndReturningCustomersAreWorthMore() {
        long seed = 20261122L;
        SplittableRandom random = new SplittableRandom(seed);
        SessionValueModel model = new SessionValueModel(new OnlineLogisticRegression(SessionFeatures.SIZE, 0.05, 1e-4),
                clock::get, 60 * SECOND, 10_000);
        for (int i = 0; i < 20_000; i++) {
            String session = "s" + i;
            boolean returning = random.nextDouble() < 0.3;
            int stage = random.nextInt(4);
            long cartValue = stage >= 2 ? 1_000 + random.nextInt(50_000) : 0;
            model.observe(session, stage, cartValue, returning);
            double buyProbability = 0.02 + 0.25 * stage + (returning ? 0.15 : 0.0);
            if (random.nextDouble() < buyProbability) {
                model.converted(session);
            }
            clock.addAndGet(SECOND / 100);
        }

        SessionFeatures browser = new SessionFeatures(0, 0, false, 3);
        SessionFeatures cart = new SessionFeatures(20_000, 2, false, 3);
        SessionFeatures returningAtCheckout = new SessionFeatures(20_000, 3, true, 3);
        assertThat(model.score(cart)).as("seed %d", seed).isGreaterThan(model.score(browser) + 0.2);
        assertThat(model.score(returningAtCheckout)).as("seed %d", seed).isGreaterThan(model.score(cart));
        // sessions of the last minute are still open: neither bought nor labelled yet
        assertThat(model.positives() + model.negatives() + model.tracked()).isEqualTo(20_000);
        assertThat(model.tracked()).isPositive();
        clock.addAndGet(120 * SECOND);
        model.expire();
        assertThat(model.tracked()).isZero();
    }

    @Test
    void givenMoreSessionsThanTheBoundTheLeastRecentlyActiveIsLabelledAndForgotten() {
        OnlineLogisticRegression lr = new OnlineLogisticRegression(SessionFeatures.SIZE, 0.1, 0);
        SessionValueModel model = new SessionValueModel(lr, clock::get, 60 * SECOND, 2);
        model.observe("a", 0, 0, false);
        model.observe("b", 0, 0, false);
        model.observe("a", 1, 0, false);
        model.observe("c", 0, 0, false);
        assertThat(model.tracked()).isEqualTo(2);
        assertThat(model.negatives()).isEqualTo(1);
        model.converted("b");
        assertThat(model.positives()).as("b was the one forgotten").isZero();
        model.converted("a");
        assertThat(model.positives()).isEqualTo(1);
        assertThat(lr.updates()).isEqualTo(2);
    }

    @Test
    void givenASessionWhoseFirstRequestWasShedItIsNotUnderWayUntilARequestIsAdmitted() {
        SessionValueModel model = new SessionValueModel(new OnlineLogisticRegression(SessionFeatures.SIZE, 0.1, 0),
                clock::get, 60 * SECOND, 10);
        assertThat(model.rank("s", 0, 0, false).underWay()).isFalse();
        // shed: nothing admitted, so asking again (a retry) buys no priority
        assertThat(model.rank("s", 0, 0, false).underWay()).isFalse();
        model.admitted("s");
        SessionValueModel.Scored next = model.rank("s", 0, 0, false);
        assertThat(next.underWay()).isTrue();
        assertThat(next.value()).isBetween(0.0, 1.0);
        model.admitted("unknown");
        assertThat(model.tracked()).as("admitting an untracked session does not start tracking it").isEqualTo(1);
        clock.addAndGet(120 * SECOND);
        model.expire();
        assertThat(model.rank("s", 0, 0, false).underWay()).as("a session forgotten after its window starts over").isFalse();
    }

    @Test
    void givenTheEdgeHearsOfAPurchaseTwiceItIsLearnedOnceAndTheBuyersLaterRequestsAreNeverADidNotBuy() {
        OnlineLogisticRegression lr = new OnlineLogisticRegression(SessionFeatures.SIZE, 0.1, 0);
        SessionValueModel model = new SessionValueModel(lr, clock::get, 60 * SECOND, 10);
        model.rank("browser", 0, 0, false);
        clock.addAndGet(30 * SECOND);
        model.rank("buyer", 3, 5_000, false);

        model.converted("buyer");                       // the checkout's 201
        SessionValueModel.Scored orderStatus = model.rank("buyer", 0, 0, false);
        model.converted("buyer");                       // the shop's OrderPlaced, after an order-status request

        assertThat(model.positives()).isEqualTo(1);
        assertThat(lr.updates()).isEqualTo(1);
        assertThat(orderStatus.underWay()).isTrue();
        // the browser goes quiet for a window; the only request that comes is the buyer's, and it still labels the browser
        clock.addAndGet(31 * SECOND);
        assertThat(model.rank("buyer", 0, 0, false).underWay()).isTrue();
        assertThat(model.negatives()).isEqualTo(1);
        assertThat(model.tracked()).as("the buyer is not tracked again").isZero();
        clock.addAndGet(60 * SECOND);
        model.expire();
        assertThat(model.negatives()).as("the buyer never becomes a 'did not buy'").isEqualTo(1);
        assertThat(model.rank("buyer", 0, 0, false).underWay()).as("a window later it is a new visit").isFalse();
    }
}
