package dev.fivenines.loadgen.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fivenines.base.ConfigException;
import dev.fivenines.base.Json;
import dev.fivenines.loadgen.CommonOptions;
import dev.fivenines.loadgen.Targets;
import dev.fivenines.loadgen.UsageException;
import dev.fivenines.loadgen.engine.HttpTransport;
import dev.fivenines.loadgen.engine.Ticker;
import dev.fivenines.loadgen.engine.Transport;
import dev.fivenines.loadgen.history.History;
import dev.fivenines.loadgen.history.HistoryReader;
import dev.fivenines.loadgen.scenario.Durations;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code fivenines check <history>}: runs the correctness checkers over a load history and prints
 * a verdict with evidence. Exit codes: 0 every rule holds (or could not be checked, which is said),
 * 1 at least one violation, 2 usage error or unreadable history.
 */
public final class CheckMain {
    static final Set<String> DEFAULT_FINAL_STATES = Set.of("DELIVERED", "CANCELLED");
    private static final Set<String> ORDER_STATES = Set.of("PLACED", "PAID", "SHIPPED", "DELIVERED", "CANCELLED");
    private static final int MAX_EVIDENCE_LINES = 20;

    private final Ticker ticker;
    private final Function<URI, Transport> transports;

    CheckMain(Ticker ticker, Function<URI, Transport> transports) {
        this.ticker = ticker;
        this.transports = transports;
    }

    /** Entry point for the CLI: the arguments after {@code check}. Never calls System.exit. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new CheckMain(Ticker.system(), HttpTransport::new).execute(args, out, err);
    }

    int execute(String[] args, PrintStream out, PrintStream err) {
        CheckOptions a = new CheckOptions();
        CommandLine cli = CommonOptions.parser(a);
        History history;
        Map<String, Long> stock;
        URI target = null;
        long settleMillis;
        long timeoutMillis;
        Set<String> finalStates;
        try {
            cli.parseArgs(args);
            if (cli.isUsageHelpRequested()) {
                cli.usage(out);
                return 0;
            }
            if (a.histories.size() != 1) {
                throw new UsageException("give exactly one history file or run directory, got " + a.histories.size());
            }
            history = HistoryReader.read(Path.of(a.histories.get(0)));
            stock = a.stock != null ? readStock(Path.of(a.stock)) : Map.of();
            if (a.target != null) {
                target = Targets.parse(a.target, a.common.allowRemote);
            }
            settleMillis = Durations.parseMillis("--settle", a.settle);
            timeoutMillis = Durations.parseMillis("--timeout", a.timeout);
            finalStates = a.finalStates != null ? finalStates(a.finalStates) : DEFAULT_FINAL_STATES;
        } catch (ParameterException | UsageException | ConfigException | HistoryReader.HistoryFormatException e) {
            err.println("check: " + e.getMessage());
            cli.usage(err);
            return 2;
        } catch (NoSuchFileException e) {
            err.println("check: no such file: " + e.getFile());
            return 2;
        } catch (IOException e) {
            err.println("check: cannot read: " + e);
            return 2;
        }
        Observations observations = null;
        if (target != null) {
            try (Transport transport = transports.apply(target)) {
                out.println("reading " + Acknowledged.orders(history).size() + " acknowledged orders back from " + target
                        + " (up to " + Durations.format(settleMillis) + " for final states " + finalStates + ")");
                observations = new TargetProbe(transport, ticker, timeoutMillis, settleMillis, 500, finalStates, 16)
                        .observe(Acknowledged.tokens(history));
                Map<String, Long> known = new java.util.TreeMap<>(history.header().stock());
                known.putAll(stock);
                Map<String, Long> restocked = Restocks.since(transport, known.keySet(), history.header().startedAt(), timeoutMillis);
                if (!restocked.isEmpty()) {
                    restocked.forEach((sku, units) -> {
                        out.println("  " + sku + ": +" + units + " units restocked by replenishment during the run");
                        known.merge(sku, units, Long::sum);
                    });
                    stock = known;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println("check: interrupted while reading orders back");
                return 2;
            }
        }
        List<CheckResult> results = Checks.all(history, stock, observations);
        print(history, results, out);
        if (a.json != null) {
            try {
                Files.writeString(Path.of(a.json),
                        Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results) + "\n");
            } catch (IOException e) {
                err.println("check: cannot write " + a.json + ": " + e);
                return 2;
            }
        }
        return Checks.anyFailed(results) ? 1 : 0;
    }

    static void print(History history, List<CheckResult> results, PrintStream out) {
        out.println("history: run " + history.header().runId() + ", scenario " + history.header().scenario() + ", "
                + history.ops().size() + " exchanges" + (history.complete() ? "" : " (INCOMPLETE: the run did not finish)"));
        for (CheckResult r : results) {
            out.printf("  %-21s %-7s %s%n", r.rule(), r.status(), r.summary());
            r.violations().stream().limit(MAX_EVIDENCE_LINES)
                    .forEach(v -> out.println("      " + v.subject() + ": " + v.evidence()));
            if (r.violations().size() > MAX_EVIDENCE_LINES) {
                out.println("      ... and " + (r.violations().size() - MAX_EVIDENCE_LINES) + " more (use --json for all)");
            }
            r.notes().forEach(n -> out.println("      note: " + n));
        }
        long failed = results.stream().filter(CheckResult::failed).count();
        out.println(failed == 0 ? "verdict: PASS" : "verdict: FAIL (" + failed + " rule" + (failed > 1 ? "s" : "") + " violated)");
    }

    static Map<String, Long> readStock(Path file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode root;
        try {
            root = yaml.readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UsageException("--stock " + file + " is not YAML or JSON: " + e.getOriginalMessage());
        }
        if (root != null && root.has("stock") && root.get("stock").isObject()) {
            root = root.get("stock");
        }
        if (root == null || !root.isObject()) {
            throw new UsageException("--stock " + file + " must be a mapping of SKU to units, e.g. {sku-1: 100}");
        }
        Map<String, Long> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToExactIntegral() || e.getValue().asLong() < 0) {
                throw new UsageException("--stock " + file + ": " + e.getKey() + " must be a whole number of units >= 0, was '"
                        + e.getValue().asText() + "'");
            }
            out.put(e.getKey(), e.getValue().asLong());
        }
        return out;
    }

    static Set<String> finalStates(String text) {
        Set<String> states = new LinkedHashSet<>();
        for (String s : text.split(",")) {
            String state = s.trim().toUpperCase(java.util.Locale.ROOT);
            if (!ORDER_STATES.contains(state)) {
                throw new UsageException("--final-states: " + s.trim() + " is not an order state; known: "
                        + String.join(", ", Arrays.asList("PLACED", "PAID", "SHIPPED", "DELIVERED", "CANCELLED")));
            }
            states.add(state);
        }
        return states;
    }
}
