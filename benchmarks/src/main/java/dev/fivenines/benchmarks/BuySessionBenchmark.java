package dev.fivenines.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import dev.fivenines.loadgen.LoadMain;
import dev.fivenines.loadgen.scenario.Durations;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU per buy session (issue 16): every process of a shop, the asynchronous effects included. It
 * measures the idle burn of the processes for {@code --idle}, runs {@code --checkouts N --rate R}
 * buy sessions with the load generator, waits until the processes' CPU is back at that idle burn
 * (events relayed and consumed, orders shipped, the ledger's commits), and prints the CPU used
 * beyond idle per process group, per buy session and per completed checkout, with checkout p50/p99.
 *
 * <pre>
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) dev.fivenines.benchmarks.BuySessionBenchmark
 *   --state DIR | --pid PID[,PID...] --target URL
 *   [--checkouts 300] [--rate 10] [--warmup 100] [--idle 10s] [--settle-max 60s] [--out buy-session-bench]
 * </pre>
 * With {@code --state} (a fivenines cluster) the groups are the supervisor and every instance of
 * {@code cluster.json}, PostgreSQL and Kafka included, each with its whole process tree; log lines
 * and exported spans are counted from the state directory, and transactions and statements from
 * PostgreSQL's statistics views. With {@code --pid} each process tree is a group. It measures and
 * reports; it asserts nothing.
 */
public final class BuySessionBenchmark {
    /** How often the settling CPU is sampled, and over how many samples its rate is taken. */
    private static final Duration SETTLE_STEP = Duration.ofMillis(500);
    private static final int SETTLE_WINDOW_STEPS = 4;
    private static final Duration SETTLE_AT_LEAST = Duration.ofSeconds(4);
    /** Settled: the processes burn at most idle * this + the slack (ms of CPU per second of wall time). */
    private static final double SETTLED_IDLE_FACTOR = 1.3;
    private static final double SETTLED_SLACK_MS_PER_S = 30;

    /** What was measured over one run; CPU in ms beyond idle, per group, in the order the groups came. */
    record Result(long sessions, long checkoutsOk, double p50Ms, double p99Ms, double spanSeconds, double settleSeconds,
                  Map<String, Double> cpuMillis, Map<String, Double> jitMillis, Map<String, Long> counts) {
        double totalCpuMillis() {
            return cpuMillis.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private BuySessionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        List<BaselineBenchmark.Member> members;
        String target;
        Counters counters;
        if (options.containsKey("state")) {
            Path state = Path.of(options.get("state"));
            JsonNode cluster = Json.mapper().readTree(state.resolve("cluster.json").toFile());
            members = BaselineBenchmark.clusterMembers(cluster);
            target = cluster.path("edgeUrl").asText();
            counters = Counters.of(state, cluster);
        } else if (options.containsKey("pid") && options.containsKey("target")) {
            members = new ArrayList<>();
            for (String pid : options.get("pid").split(",")) {
                members.add(new BaselineBenchmark.Member("pid " + pid.trim(), Long.parseLong(pid.trim()), true));
            }
            target = options.get("target");
            counters = Counters.NONE;
        } else {
            System.err.println("give --state DIR (a running fivenines cluster) or --pid PID[,PID...] --target URL");
            System.exit(2);
            return;
        }
        int checkouts = Integer.parseInt(options.getOrDefault("checkouts", "300"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "10"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "100"));
        Duration idle = Duration.ofMillis(Durations.parseMillis("--idle", options.getOrDefault("idle", "10s")));
        Duration settleMax = Duration.ofMillis(Durations.parseMillis("--settle-max", options.getOrDefault("settle-max", "60s")));
        Path out = Path.of(options.getOrDefault("out", "buy-session-bench"));
        Files.createDirectories(out);
        System.out.println(Machine.describe());
        if (warmup > 0) {
            // JIT, pools and caches warm; not measured. Settled against the idle burn before it.
            double idleMsPerS = idleRate(members, idle);
            runLoad(target, warmup, rate, out.resolve("warmup"), 7);
            settle(members, idleMsPerS, settleMax);
        }
        Result r = measure(members, counters, target, checkouts, rate, idle, settleMax, out.resolve("run"));
        String report = report(r, options);
        Files.writeString(out.resolve("report.md"), report);
        System.out.println(report);
    }

    static Result measure(List<BaselineBenchmark.Member> members, Counters counters, String target, int checkouts, int rate,
                          Duration idle, Duration settleMax, Path dir) throws IOException, InterruptedException {
        Map<String, Long> idle0 = BaselineBenchmark.cpu(members);
        Map<String, Long> idleJit0 = jit(members);
        Map<String, Long> idleCounts0 = counters.read();
        long idleStart = System.nanoTime();
        Thread.sleep(idle.toMillis()); // the idle burn is measured over wall time, not waited on
        Map<String, Long> idle1 = BaselineBenchmark.cpu(members);
        Map<String, Long> idleJit1 = jit(members);
        Map<String, Long> idleCounts1 = counters.read();
        long idleNanos = System.nanoTime() - idleStart;
        double idleMsPerS = total(idle1) - total(idle0);
        idleMsPerS = idleMsPerS * 1e9 / idleNanos;

        Map<String, Long> counts0 = idleCounts1;
        long start = System.nanoTime();
        JsonNode checkout = runLoad(target, checkouts, rate, dir, 1).path("operations").path("checkout");
        long loadEnd = System.nanoTime();
        // Effects due later than the last session (deliveries 2 s after the order) are waited for first.
        Thread.sleep(SETTLE_AT_LEAST.toMillis());
        settle(members, idleMsPerS, settleMax);
        long end = System.nanoTime();
        Map<String, Long> after = BaselineBenchmark.cpu(members);
        Map<String, Long> afterJit = jit(members);
        Map<String, Long> counts1 = counters.read();

        double idleShare = (end - start) / (double) idleNanos;
        Map<String, Double> used = beyondIdle(idle0, idle1, after, idleShare);
        Map<String, Double> usedJit = beyondIdle(idleJit0, idleJit1, afterJit, idleShare);
        // Counts beyond idle too: the pollers' statements and the idle loops' log lines are not the sessions'.
        Map<String, Long> counts = new LinkedHashMap<>();
        beyondIdle(idleCounts0, idleCounts1, counts1, idleShare).forEach((k, v) -> counts.put(k, Math.round(v)));
        return new Result(checkouts, checkout.path("outcomes").path("ok").asLong(),
                checkout.path("latencyMs").path("p50Ms").asDouble(), checkout.path("latencyMs").path("p99Ms").asDouble(),
                (end - start) / 1e9, (end - loadEnd) / 1e9, used, usedJit, counts);
    }

    /** What grew from {@code idleEnd} to {@code after}, less the idle growth scaled by {@code idleShare}. */
    private static Map<String, Double> beyondIdle(Map<String, Long> idleStart, Map<String, Long> idleEnd,
                                                  Map<String, Long> after, double idleShare) {
        Map<String, Double> used = new LinkedHashMap<>();
        after.forEach((k, v) -> used.put(k, v - idleEnd.getOrDefault(k, 0L)
                - (idleEnd.getOrDefault(k, 0L) - idleStart.getOrDefault(k, 0L)) * idleShare));
        return used;
    }

    private static JsonNode runLoad(String target, int checkouts, int rate, Path dir, int seed) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        int exit = LoadMain.run(new String[]{"--target", target, "--checkouts", Integer.toString(checkouts),
                "--rate", Integer.toString(rate), "--out", dir.toString(), "--quiet", "--seed", Integer.toString(seed)},
                new PrintStream(sink, true, StandardCharsets.UTF_8), System.err);
        if (exit != 0) {
            throw new IllegalStateException("load generator exited " + exit + ":\n" + sink);
        }
        return Json.mapper().readTree(dir.resolve("report.json").toFile());
    }

    private static double idleRate(List<BaselineBenchmark.Member> members, Duration over) throws InterruptedException {
        long before = total(BaselineBenchmark.cpu(members));
        Thread.sleep(over.toMillis());
        return (total(BaselineBenchmark.cpu(members)) - before) * 1000.0 / over.toMillis();
    }

    /**
     * Waits until the processes burn no more than idle (the asynchronous effects are done), or
     * {@code max} passed: the CPU rate over the last {@link #SETTLE_WINDOW_STEPS} samples.
     */
    private static void settle(List<BaselineBenchmark.Member> members, double idleMsPerS, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        List<Long> window = new ArrayList<>(List.of(total(BaselineBenchmark.cpu(members))));
        double limit = idleMsPerS * SETTLED_IDLE_FACTOR + SETTLED_SLACK_MS_PER_S;
        while (System.nanoTime() < deadline) {
            Thread.sleep(SETTLE_STEP.toMillis());
            window.add(total(BaselineBenchmark.cpu(members)));
            if (window.size() > SETTLE_WINDOW_STEPS + 1) {
                window.removeFirst();
            }
            if (window.size() == SETTLE_WINDOW_STEPS + 1) {
                double msPerS = (window.getLast() - window.getFirst()) * 1000.0 / (SETTLE_WINDOW_STEPS * SETTLE_STEP.toMillis());
                if (msPerS <= limit) {
                    return;
                }
            }
        }
        System.err.println("[" + Instant.now() + "] not settled within " + max + "; measuring anyway");
    }

    static Map<String, Long> jit(List<BaselineBenchmark.Member> members) {
        Map<String, Long> byGroup = new LinkedHashMap<>();
        for (BaselineBenchmark.Member m : members) {
            byGroup.merge(m.group(), ProcessTreeCpu.jit(m.pid()), Long::sum);
        }
        return byGroup;
    }

    private static long total(Map<String, Long> cpu) {
        return cpu.values().stream().mapToLong(Long::longValue).sum();
    }

    static String report(Result r, Map<String, String> options) {
        StringBuilder md = new StringBuilder();
        md.append(String.format("%s, %d buy sessions at %s/s (%s), checkout ok %d (%.2f%%), checkout p50 %.1f ms, p99 %.1f ms;"
                        + " %.1f s from the first session to settled, %.1f s of it settling%n%n",
                Instant.now(), r.sessions(), options.getOrDefault("rate", "10"), options.containsKey("state")
                        ? "--state " + options.get("state") : "--pid " + options.get("pid"),
                r.checkoutsOk(), 100.0 * r.checkoutsOk() / r.sessions(), r.p50Ms(), r.p99Ms(), r.spanSeconds(), r.settleSeconds()));
        md.append("| process group | CPU ms / buy session | of which JIT compiling | CPU ms / completed checkout |\n|---|---|---|---|\n");
        r.cpuMillis().forEach((g, ms) -> md.append(String.format("| %s | %.1f | %.1f | %.1f |%n", g, ms / r.sessions(),
                r.jitMillis().get(g) / r.sessions(), ms / Math.max(1, r.checkoutsOk()))));
        double jit = r.jitMillis().values().stream().mapToDouble(Double::doubleValue).sum();
        md.append(String.format("| **total** | **%.1f** | **%.1f** | **%.1f** |%n", r.totalCpuMillis() / r.sessions(),
                jit / r.sessions(), r.totalCpuMillis() / Math.max(1, r.checkoutsOk())));
        if (!r.counts().isEmpty()) {
            md.append("\n| per buy session | count |\n|---|---|\n");
            r.counts().forEach((k, v) -> md.append(String.format("| %s | %.1f |%n", k, v / (double) r.sessions())));
        }
        return md.toString();
    }
}
