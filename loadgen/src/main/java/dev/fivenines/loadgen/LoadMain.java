package dev.fivenines.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.ConfigException;
import dev.fivenines.base.Json;
import dev.fivenines.loadgen.engine.HttpTransport;
import dev.fivenines.loadgen.engine.LoadEngine;
import dev.fivenines.loadgen.engine.Reply;
import dev.fivenines.loadgen.engine.Ticker;
import dev.fivenines.loadgen.engine.Transport;
import dev.fivenines.loadgen.history.HistoryFooter;
import dev.fivenines.loadgen.history.HistoryHeader;
import dev.fivenines.loadgen.history.HistoryWriter;
import dev.fivenines.loadgen.report.Report;
import dev.fivenines.loadgen.report.ReportBuilder;
import dev.fivenines.loadgen.report.ReportWriter;
import dev.fivenines.loadgen.report.SummaryText;
import dev.fivenines.loadgen.scenario.Durations;
import dev.fivenines.loadgen.scenario.FlashSale;
import dev.fivenines.loadgen.scenario.Mix;
import dev.fivenines.loadgen.scenario.Scenario;
import dev.fivenines.loadgen.scenario.ScenarioLoader;
import dev.fivenines.loadgen.scenario.SessionKind;
import dev.fivenines.loadgen.schedule.RateCurve;
import dev.fivenines.loadgen.stats.Stats;
import dev.fivenines.loadgen.stats.StatsSnapshot;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code fivenines load}: runs a scenario against a shop and writes history.jsonl, report.json and
 * report.html into the output directory. Exit codes: 0 the run completed (whatever the shop
 * answered: errors are data), 1 the run could not be carried out, 2 usage or scenario error.
 */
public final class LoadMain {
    private final Clock clock;
    private final Ticker ticker;
    private final BooleanSupplier terminal;
    private final Path home;

    LoadMain(Clock clock, Ticker ticker, BooleanSupplier terminal, Path home) {
        this.clock = clock;
        this.ticker = ticker;
        this.terminal = terminal;
        this.home = home;
    }

    /** Entry point for the CLI: the arguments after {@code load}. Never calls System.exit. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new LoadMain(Clock.systemUTC(), Ticker.system(), () -> System.console() != null,
                Path.of(System.getProperty("fivenines.home", "."))).execute(args, out, err);
    }

    int execute(String[] args, PrintStream out, PrintStream err) {
        LoadOptions a = new LoadOptions();
        CommandLine cli = CommonOptions.parser(a);
        Scenario scenario;
        URI target;
        long seed;
        long drainMillis;
        try {
            cli.parseArgs(args);
            if (cli.isUsageHelpRequested()) {
                cli.usage(out);
                return 0;
            }
            scenario = applyOverrides(ScenarioLoader.load(a.scenario, home), a);
            target = Targets.parse(a.target, a.common.allowRemote);
            seed = LoadOptions.wholeNumber("--seed", a.seed, Long.MIN_VALUE, Long.MAX_VALUE);
            drainMillis = a.drain != null ? Durations.parseMillis("--drain", a.drain) : defaultDrainMillis(scenario);
        } catch (ParameterException | UsageException | ConfigException e) {
            err.println("load: " + e.getMessage());
            cli.usage(err);
            return 2;
        }
        Path outDir = Path.of(a.out);
        boolean sequential = a.sequential;
        try (Transport transport = new HttpTransport(target)) {
            if (scenario.flashSale() != null && FlashSale.FIRST_PRODUCT.equals(scenario.flashSale().sku())) {
                String sku = firstProduct(transport, scenario.requestTimeoutMillis());
                scenario = scenario.withFlashSale(scenario.flashSale().withSku(sku));
                out.println("flash sale SKU: " + sku + " (the catalogue's first product), stock " + scenario.flashSale().stockUnits());
            }
            if (scenario.flashSale() != null && scenario.flashSale().stockUnits() == FlashSale.STOCK_FROM_SHOP) {
                long units = availableUnits(transport, scenario.flashSale().sku(), scenario.requestTimeoutMillis());
                scenario = scenario.withFlashSale(scenario.flashSale().withStock(units));
                out.println("flash sale stock read from the shop's ledger: " + units + " units of " + scenario.flashSale().sku());
            }
            return runScenario(scenario, target, seed, drainMillis, a, outDir, sequential, transport, out, err);
        } catch (IOException | UncheckedIOException | RunFailedException e) {
            err.println("load: " + e.getMessage());
            return 1;
        }
    }

    private int runScenario(Scenario scenario, URI target, long seed, long drainMillis, LoadOptions a, Path outDir, boolean sequential,
                            Transport transport, PrintStream out, PrintStream err) throws IOException {
        Files.createDirectories(outDir);
        Instant startedAt = clock.instant();
        String runId = a.runId != null ? a.runId : seed + "-" + Long.toString(startedAt.toEpochMilli(), 36);
        Map<String, Long> stock = scenario.flashSale() == null ? Map.of()
                : Map.of(scenario.flashSale().sku(), scenario.flashSale().stockUnits());
        HistoryHeader header = HistoryHeader.of(runId, scenario.name(), seed, target.toString(), startedAt, stock);
        Stats stats = new Stats();
        LoadEngine.RunResult result;
        HistoryWriter history = new HistoryWriter(outDir.resolve(HistoryWriter.FILE_NAME), header);
        try {
            LoadEngine engine = new LoadEngine(new LoadEngine.Settings(scenario, runId, sequential, drainMillis), transport,
                    ticker, new SplittableRandom(seed), Executors.newVirtualThreadPerTaskExecutor(), stats, history);
            result = runWithInterruptHook(engine, scenario, stats, sequential, a.quiet, out);
            StatsSnapshot snap = stats.snapshot();
            history.finish(new HistoryFooter(HistoryFooter.TYPE, snap.sessionsStarted(), snap.sessionsDropped(),
                    snap.sessionsAbandoned(), history.linesWritten() - 1, result.durationNanos() / 1_000));
            history.close();
            Report report = ReportBuilder.build(new ReportBuilder.RunInfo(scenario.name(), runId, seed, target.toString(),
                    startedAt, result.durationNanos(), sequential), snap, new RateCurve(scenario.phases()));
            ReportWriter.write(report, outDir);
            out.print(SummaryText.render(report));
            out.println("history: " + history.file() + "\nreport:  " + outDir.resolve(ReportWriter.HTML_FILE)
                    + " (and " + ReportWriter.JSON_FILE + ")");
            if (result.stoppedEarly()) {
                err.println("load: the run was stopped before its schedule ended");
            }
            return 0;
        } finally {
            history.close();
        }
    }

    private LoadEngine.RunResult runWithInterruptHook(LoadEngine engine, Scenario scenario, Stats stats, boolean sequential,
                                                      boolean quiet, PrintStream out) {
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C stops scheduling; the hook waits (bounded) so the history and report still get written.
        Thread hook = new Thread(() -> {
            engine.close();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "loadgen-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean showProgress = !quiet && terminal.getAsBoolean();
        try (ProgressLine progress = showProgress ? new ProgressLine(out, ticker, stats, new RateCurve(scenario.phases()),
                engine::runStartNanos, engine::inFlight, sequential) : null) {
            return engine.run();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook is running and will see `finished`.
            }
        }
    }

    static Scenario applyOverrides(Scenario scenario, LoadOptions a) {
        Scenario s = scenario;
        boolean sequential = a.sequential;
        if (a.checkouts != null) {
            s = s.withMix(Mix.only(SessionKind.BUY)).withMaxSessions(LoadOptions.wholeNumber("--checkouts", a.checkouts, 1, 10_000_000));
        } else if (sequential && a.sessions == null) {
            throw new UsageException("--sequential needs a count: --checkouts N or --sessions N");
        }
        if (a.sessions != null) {
            s = s.withMaxSessions(LoadOptions.wholeNumber("--sessions", a.sessions, 1, Long.MAX_VALUE));
        }
        if (a.duration != null) {
            s = s.withDurationMillis(Durations.parseMillis("--duration", a.duration));
        } else if (sequential) {
            // Sequential runs are bounded by their count; the scenario's duration would cut them short.
            s = s.withDurationMillis(ScenarioLoader.MAX_DURATION_MILLIS);
        }
        if (a.rate != null) {
            s = s.withBaseRate(LoadOptions.number("--rate", a.rate, 0.001, Scenario.MAX_RATE_PER_SECOND));
        }
        if (a.maxInFlight != null) {
            s = s.withMaxInFlight((int) LoadOptions.wholeNumber("--max-in-flight", a.maxInFlight, 1, Scenario.MAX_IN_FLIGHT_LIMIT));
        }
        if (a.timeout != null) {
            s = s.withRequestTimeoutMillis(Durations.parseMillis("--timeout", a.timeout));
        }
        if (a.sku != null || a.stock != null) {
            FlashSale sale = s.flashSale();
            if (sale == null) {
                if (a.sku == null || a.stock == null) {
                    throw new UsageException("scenario " + s.name() + " has no flash sale: give both --sku and --stock");
                }
                sale = new FlashSale(a.sku, 0, 1);
            }
            if (a.sku != null) {
                sale = sale.withSku(a.sku);
            }
            if (a.stock != null) {
                sale = sale.withStock("shop".equals(a.stock) ? FlashSale.STOCK_FROM_SHOP
                        : LoadOptions.wholeNumber("--stock", a.stock, 0, 1_000_000_000L));
            }
            s = s.withFlashSale(sale);
        }
        return s;
    }

    static long defaultDrainMillis(Scenario s) {
        int attempts = s.checkoutRetry().maxAttempts();
        long worstSession = s.requestTimeoutMillis() * (attempts + 5)
                + (attempts - 1) * Math.max(s.checkoutRetry().maxBackoffMillis(), s.checkoutRetry().maxRetryAfterMillis());
        return Math.min(300_000, worstSession);
    }

    private static String firstProduct(Transport transport, long timeoutMillis) {
        Reply r = transport.send("GET", "/api/v1/products?page=0&size=1", Map.of(), null, timeoutMillis);
        if (r.status() != 200) {
            throw new RunFailedException("cannot resolve the flash-sale SKU 'first': GET /api/v1/products answered "
                    + (r.status() == 0 ? r.failure() + " (" + r.detail() + ")" : "HTTP " + r.status()) + "; give --sku");
        }
        try {
            JsonNode items = Json.mapper().readTree(r.body()).path("items");
            if (!items.isArray() || items.isEmpty() || !items.get(0).hasNonNull("id")) {
                throw new RunFailedException("cannot resolve the flash-sale SKU 'first': the catalogue is empty; give --sku");
            }
            return items.get(0).get("id").asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RunFailedException("cannot resolve the flash-sale SKU 'first': the product list is not JSON: "
                    + e.getOriginalMessage());
        }
    }

    /** The units the ledger says are available for {@code sku}, from the product page. */
    private static long availableUnits(Transport transport, String sku, long timeoutMillis) {
        Reply r = transport.send("GET", "/api/v1/products/" + sku, Map.of(), null, timeoutMillis);
        if (r.status() != 200) {
            throw new RunFailedException("cannot read the stock of " + sku + ": GET /api/v1/products/" + sku + " answered "
                    + (r.status() == 0 ? r.failure() + " (" + r.detail() + ")" : "HTTP " + r.status()) + "; give --stock N");
        }
        try {
            JsonNode units = Json.mapper().readTree(r.body()).path("availableUnits");
            if (!units.isIntegralNumber() || units.asLong() < 0) {
                throw new RunFailedException("the shop did not report availableUnits for " + sku
                        + " (the ledger may be unavailable); give --stock N");
            }
            return units.asLong();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RunFailedException("cannot read the stock of " + sku + ": the product page is not JSON: "
                    + e.getOriginalMessage());
        }
    }

    /** The run could not be carried out (the target is unusable). Exit code 1. */
    static final class RunFailedException extends RuntimeException {
        RunFailedException(String message) {
            super(message);
        }
    }
}
