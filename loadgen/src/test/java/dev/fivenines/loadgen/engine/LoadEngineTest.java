package dev.fivenines.loadgen.engine;

import dev.fivenines.loadgen.history.OpRecord;
import dev.fivenines.loadgen.scenario.Arrivals;
import dev.fivenines.loadgen.scenario.Catalog;
import dev.fivenines.loadgen.scenario.CheckoutRetry;
import dev.fivenines.loadgen.scenario.Mix;
import dev.fivenines.loadgen.scenario.Phase;
import dev.fivenines.loadgen.scenario.Scenario;
import dev.fivenines.loadgen.scenario.SessionKind;
import dev.fivenines.loadgen.stats.Outcome;
import dev.fivenines.loadgen.stats.Stats;
import dev.fivenines.loadgen.stats.StatsSnapshot;
import dev.fivenines.loadgen.testing.CapturingHistory;
import dev.fivenines.loadgen.testing.DirectExecutorService;
import dev.fivenines.loadgen.testing.FakeShop;
import dev.fivenines.loadgen.testing.FakeTicker;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LoadEngineTest {
    private final FakeTicker ticker = new FakeTicker();
    private final Stats stats = new Stats();
    private final CapturingHistory history = new CapturingHistory();

    private static Scenario scenario(Arrivals arrivals, double rate, long millis, Mix mix, int maxInFlight, long maxSessions) {
        return new Scenario("test", "", arrivals, maxInFlight, 1_000, CheckoutRetry.DEFAULT, Catalog.DEFAULT, null,
                List.of(new Phase("p", millis, rate, rate, mix)), maxSessions);
    }

    private LoadEngine.RunResult run(Scenario s, Transport shop, ExecutorService executor, long seed) {
        LoadEngine engine = new LoadEngine(new LoadEngine.Settings(s, "run-1", false, 1_000), shop, ticker,
                new SplittableRandom(seed), executor, stats, history);
        return engine.run();
    }

    @Test
    void givenEachRequestTakes250msAndArrivalsEvery100ms_thenLatencyIsCountedFromTheIntendedStart() {
        // An empty catalogue: a browse session is one list request.
        FakeShop shop = new FakeShop(0).costing(250, ticker::advanceMillis);

        run(scenario(Arrivals.UNIFORM, 10, 1_000, Mix.only(SessionKind.BROWSE), 100, 0), shop, new DirectExecutorService(), 1);

        List<OpRecord> lists = history.of("list");
        assertThat(lists).hasSize(10);
        for (int k = 0; k < lists.size(); k++) {
            OpRecord r = lists.get(k);
            // Intended at 50 + 100k ms; the generator could only send after the previous reply (ends at 300 + 250k).
            assertThat(r.intendedMicros()).isEqualTo((50 + 100L * k) * 1_000);
            assertThat(r.endMicros() - r.startMicros()).isEqualTo(250_000);
            assertThat(r.latencyMicros()).isEqualTo((250 + 150L * k) * 1_000);
        }
        StatsSnapshot.OpSnapshot list = stats.snapshot().ops().get("list");
        assertThat(list.latencyMicros().getMaxValue()).isGreaterThanOrEqualTo(1_600_000);
        assertThat(list.serviceMicros().getMaxValue()).isLessThan(251_000);
    }

    @Test
    void givenThreeBuySessions_thenEachKeepsTheSessionCookieTheShopIssuedAtItsFirstRequest() {
        FakeShop shop = new FakeShop(3).costing(10, ticker::advanceMillis);

        run(scenario(Arrivals.UNIFORM, 3, 1_000, Mix.only(SessionKind.BUY), 10, 3), shop, new DirectExecutorService(), 1);

        assertThat(history.of("checkout")).hasSize(3);
        // one request per session came without the cookie (its first); every later one sent it back
        assertThat(shop.requestsWithoutSession()).isEqualTo(3);
        assertThat(shop.sessionIds()).hasSize(3);
    }

    @Test
    void givenBuySessions_thenSomeComeBackAsReturningCustomers_withTheCookieOfAnEarlierPurchase() {
        FakeShop shop = new FakeShop(3).costing(10, ticker::advanceMillis);

        run(scenario(Arrivals.UNIFORM, 40, 1_000, Mix.only(SessionKind.BUY), 10, 40), shop, new DirectExecutorService(), 1);

        assertThat(shop.sessionIds()).hasSize(40);
        // 60% of buyers are returning (a hash of the session number), those after the first purchase
        // with its cookie: far from none and from all
        assertThat(shop.returningSessionIds()).hasSizeBetween(12, 36);
    }

    @Test
    void givenSessionsThatNeverFinish_thenArrivalsKeepComing_andThoseOverTheCapAreCountedAsDropped() {
        HoldingExecutor holding = new HoldingExecutor();

        run(scenario(Arrivals.UNIFORM, 20, 1_000, Mix.only(SessionKind.BROWSE), 5, 0), new FakeShop(3), holding, 1);

        StatsSnapshot snap = stats.snapshot();
        assertThat(holding.submitted).isEqualTo(5);
        assertThat(snap.sessionsStarted()).isEqualTo(5);
        assertThat(snap.sessionsDropped()).isEqualTo(15);
        assertThat(snap.seconds()).hasSize(1);
        assertThat(snap.seconds().get(0).sessionsDropped()).isEqualTo(15);
    }

    @Test
    void givenTwo503sWithRetryAfter_thenCheckoutIsRetriedWithTheSameKeyAfterTheWait_andCountedOnce() {
        FakeShop shop = new FakeShop(3).costing(10, ticker::advanceMillis).thenCheckoutAnswers(
                unavailable(2_000), unavailable(2_000));

        run(scenario(Arrivals.UNIFORM, 1, 1_000, Mix.only(SessionKind.BUY), 10, 1), shop, new DirectExecutorService(), 1);

        List<OpRecord> checkouts = history.of("checkout");
        assertThat(checkouts).extracting(OpRecord::attempt).containsExactly(1, 2, 3);
        assertThat(checkouts).extracting(OpRecord::status).containsExactly(503, 503, 201);
        assertThat(checkouts).extracting(OpRecord::idempotencyKey).doesNotContainNull().containsOnly(checkouts.get(0).idempotencyKey());
        for (int i = 1; i < 3; i++) {
            long waitedMicros = checkouts.get(i).startMicros() - checkouts.get(i - 1).endMicros();
            assertThat(waitedMicros).isBetween(2_000_000L, 2_000_000L + CheckoutRetry.DEFAULT.backoffMillis() * 1_000);
        }
        assertThat(checkouts.get(2).orderId()).isNotNull();
        assertThat(history.of("order")).singleElement().extracting(OpRecord::orderId).isEqualTo(checkouts.get(2).orderId());
        assertThat(checkouts.get(2).orderToken()).as("the order's access token is kept in the history").isNotBlank();
        assertThat(history.of("order")).singleElement().extracting(OpRecord::status)
                .as("the order is read back with its token").isEqualTo(200);
        StatsSnapshot.OpSnapshot checkout = stats.snapshot().ops().get("checkout");
        assertThat(checkout.count()).isEqualTo(1);
        assertThat(checkout.count(Outcome.OK)).isEqualTo(1);
        assertThat(checkout.latencyMicros().getMaxValue()).isGreaterThanOrEqualTo(4_000_000);
    }

    @Test
    void givenTheShopKeepsTimingOut_thenCheckoutStopsAfterMaxAttempts_withTheSameKeyEachTime() {
        Reply timeout = Reply.failed(Reply.Failure.TIMEOUT, "slow");
        FakeShop shop = new FakeShop(3).thenCheckoutAnswers(timeout, timeout, timeout, timeout, timeout, timeout);

        run(scenario(Arrivals.UNIFORM, 1, 1_000, Mix.only(SessionKind.BUY), 10, 1), shop, new DirectExecutorService(), 1);

        List<OpRecord> checkouts = history.of("checkout");
        assertThat(checkouts).hasSize(CheckoutRetry.DEFAULT.maxAttempts());
        assertThat(checkouts).extracting(OpRecord::idempotencyKey).containsOnly(checkouts.get(0).idempotencyKey());
        assertThat(checkouts).extracting(OpRecord::outcome).containsOnly("timeout");
        assertThat(stats.snapshot().ops().get("checkout").count(Outcome.TIMEOUT)).isEqualTo(1);
        assertThat(history.of("order")).isEmpty();
    }

    @Test
    void givenTheSkuIsSoldOut_thenCheckoutIsNotRetried() {
        FakeShop shop = new FakeShop(3).stock("p-0", 0).stock("p-1", 0).stock("p-2", 0);

        run(scenario(Arrivals.UNIFORM, 1, 1_000, Mix.only(SessionKind.BUY), 10, 1), shop, new DirectExecutorService(), 1);

        assertThat(history.of("checkout")).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.outcome()).isEqualTo("out_of_stock");
            assertThat(r.problem()).isEqualTo("/problems/out-of-stock");
        });
        assertThat(stats.snapshot().ops().get("checkout").errors()).isZero();
    }

    @Test
    void givenTheSameSeed_thenTwoRunsRecordTheSameHistory() {
        Mix mix = new Mix(Map.of(SessionKind.BROWSE, 3, SessionKind.SEARCH, 1, SessionKind.BUY, 2, SessionKind.STATUS, 1));
        List<OpRecord> first = runOnce(mix, 99);
        List<OpRecord> second = runOnce(mix, 99);
        List<OpRecord> other = runOnce(mix, 100);

        assertThat(first).hasSizeGreaterThan(50).isEqualTo(second);
        assertThat(first).isNotEqualTo(other);
        assertThat(first).extracting(OpRecord::kind).contains("browse", "search", "buy", "status");
    }

    private List<OpRecord> runOnce(Mix mix, long seed) {
        FakeTicker t = new FakeTicker();
        CapturingHistory h = new CapturingHistory();
        new LoadEngine(new LoadEngine.Settings(scenario(Arrivals.POISSON, 20, 2_000, mix, 100, 0), "run-1", false, 1_000),
                new FakeShop(30).costing(5, t::advanceMillis), t, new SplittableRandom(seed), new DirectExecutorService(),
                new Stats(), h).run();
        return h.records();
    }

    @Test
    void givenSequentialMode_thenSessionsRunOneAfterAnotherUpToTheCount() {
        Scenario s = scenario(Arrivals.POISSON, 1, 3_600_000, Mix.only(SessionKind.BUY), 10, 7);
        FakeShop shop = new FakeShop(5).costing(3, ticker::advanceMillis);

        new LoadEngine(new LoadEngine.Settings(s, "run-1", true, 1_000), shop, ticker, new SplittableRandom(1),
                new DirectExecutorService(), stats, history).run();

        List<OpRecord> checkouts = history.of("checkout");
        assertThat(checkouts).hasSize(7).allMatch(r -> r.status() == 201);
        for (int i = 1; i < checkouts.size(); i++) {
            assertThat(checkouts.get(i).startMicros()).isGreaterThan(checkouts.get(i - 1).endMicros());
        }
        assertThat(shop.orderIds()).hasSize(7);
    }

    private static Reply unavailable(long retryAfterMillis) {
        Reply p = FakeShop.problem(503, "unavailable", "shedding");
        return Reply.of(503, p.body(), p.contentType(), retryAfterMillis);
    }

    /** Accepts sessions and never runs them: a shop so slow no session ever finishes. */
    private static final class HoldingExecutor extends AbstractExecutorService {
        final List<Runnable> held = new ArrayList<>();
        int submitted;
        boolean shutdown;

        @Override
        public void execute(Runnable command) {
            held.add(command);
            submitted++;
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            List<Runnable> out = List.copyOf(held);
            held.clear();
            return out;
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return held.isEmpty();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return held.isEmpty();
        }
    }
}
