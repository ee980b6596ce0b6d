package dev.fivenines.loadgen.engine;

import dev.fivenines.loadgen.history.OpRecord;
import dev.fivenines.loadgen.scenario.Arrivals;
import dev.fivenines.loadgen.scenario.Catalog;
import dev.fivenines.loadgen.scenario.CheckoutRetry;
import dev.fivenines.loadgen.scenario.Mix;
import dev.fivenines.loadgen.scenario.Phase;
import dev.fivenines.loadgen.scenario.Scenario;
import dev.fivenines.loadgen.scenario.SessionKind;
import dev.fivenines.loadgen.stats.Stats;
import dev.fivenines.loadgen.testing.CapturingHistory;
import dev.fivenines.loadgen.testing.FakeShop;
import dev.fivenines.loadgen.testing.FakeShopServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The open-loop engine against a real HTTP server on loopback whose product pages stall. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoordinatedOmissionHttpTest {
    private static final int STALLED = 20;

    @Test
    void givenTheServerStallsProductPages_thenEveryArrivalDuringTheStallIsRecordedWithItsWholeWait() throws Exception {
        FakeShop shop = new FakeShop(1);
        shop.stallProductPages();
        Scenario scenario = new Scenario("stall", "", Arrivals.UNIFORM, 1_000, 20_000, CheckoutRetry.DEFAULT, Catalog.DEFAULT,
                null, List.of(new Phase("p", 1_000, 100, 100, Mix.only(SessionKind.BROWSE))), 0);
        Stats stats = new Stats();
        CapturingHistory history = new CapturingHistory();
        // The engine runs on its own thread, not the common fork-join pool: run() blocks while sessions run, and on a
        // 2-core machine that pool has a single worker.
        try (FakeShopServer server = new FakeShopServer(shop); HttpTransport transport = new HttpTransport(server.baseUrl());
             ExecutorService runner = Executors.newSingleThreadExecutor()) {
            LoadEngine engine = new LoadEngine(new LoadEngine.Settings(scenario, "run-co", false, 30_000), transport,
                    Ticker.system(), new SplittableRandom(1), Executors.newVirtualThreadPerTaskExecutor(), stats, history);
            CompletableFuture<LoadEngine.RunResult> run = CompletableFuture.supplyAsync(engine::run, runner);

            // Sessions keep arriving on schedule while the first ones are stuck: the generator does not wait for them.
            await().atMost(Duration.ofSeconds(20)).until(() -> shop.productReadsBlocked() >= STALLED);
            long releaseMicros = (System.nanoTime() - engine.runStartNanos()) / 1_000;
            shop.releaseProductPages();
            run.get(40, TimeUnit.SECONDS);

            List<OpRecord> stalled = history.of("product").stream().filter(r -> r.intendedMicros() < releaseMicros).toList();
            assertThat(stalled).hasSizeGreaterThanOrEqualTo(STALLED).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.endMicros()).isGreaterThanOrEqualTo(releaseMicros);
                assertThat(r.latencyMicros()).isEqualTo(r.endMicros() - r.intendedMicros())
                        .isGreaterThanOrEqualTo(releaseMicros - r.intendedMicros());
            });
            // The earliest victim waited at least from its intended start to the release, and the histogram shows it.
            long firstIntended = stalled.stream().mapToLong(OpRecord::intendedMicros).min().orElseThrow();
            assertThat(stats.snapshot().ops().get("product").latencyMicros().getMaxValue())
                    .isGreaterThanOrEqualTo(releaseMicros - firstIntended);
            assertThat(history.of("list")).hasSizeGreaterThanOrEqualTo(STALLED).allMatch(r -> r.status() == 200);
        }
    }
}
