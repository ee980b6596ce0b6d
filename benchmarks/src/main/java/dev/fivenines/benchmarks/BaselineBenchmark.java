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
import java.util.TreeMap;

/**
 * fivenines against the plain shop ({@code plain.PlainShop}), side by side in one run: at each rate
 * of buy sessions, each target in turn gets the same load ({@code --checkouts rate*duration --rate
 * rate}), and the CPU of every one of its processes is read from /proc before and after, less what
 * the same processes burn idle over as long, divided by the checkouts that succeeded. Capacity is the highest rate whose checkouts all succeed
 * (99.9%) at p99 under 200 ms, with no failed run at a lower rate. {@code --warmup N} first runs N
 * unmeasured buy sessions against each target.
 *
 * <pre>
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) dev.fivenines.benchmarks.BaselineBenchmark
 *   --state .fivenines --plain target/plain-shop [--rates 20,50,100,200] [--duration 20s] [--idle 5s]
 *   [--settle 3s] [--warmup 0] [--warmup-rate 10] [--out baseline-bench]
 * </pre>
 * It measures and reports; it asserts nothing.
 */
public final class BaselineBenchmark {
    private static final double P99_LIMIT_MS = 200;
    private static final double SUCCESS_FLOOR = 99.9;

    /** A process whose CPU counts for a target, under {@code group}, with its descendants or alone. */
    record Member(String group, long pid, boolean withDescendants) {
    }

    /** A target: where the load goes and the processes whose CPU counts. */
    record Target(String name, String url, List<Member> members) {
        /** CPU ms per group, from one reading of /proc. */
        Map<String, Long> cpu() {
            return BaselineBenchmark.cpu(members);
        }
    }

    /** CPU ms per group of {@code members}, from one reading of /proc. */
    static Map<String, Long> cpu(List<Member> members) {
        ProcessTreeCpu now = ProcessTreeCpu.read();
        Map<String, Long> byGroup = new LinkedHashMap<>();
        for (Member m : members) {
            byGroup.merge(m.group(), m.withDescendants() ? now.tree(m.pid()) : now.own(m.pid()), Long::sum);
        }
        return byGroup;
    }

    record Result(String target, int rate, long sessions, double successPercent, double p50, double p99,
                  Map<String, Double> cpuPerSession) {
        double totalCpu() {
            return cpuPerSession.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        boolean withinCapacity() {
            return successPercent >= SUCCESS_FLOOR && p99 < P99_LIMIT_MS;
        }
    }

    private BaselineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        List<Target> targets = new ArrayList<>();
        if (options.containsKey("state")) {
            targets.add(fivenines(Path.of(options.get("state"))));
        }
        if (options.containsKey("plain")) {
            targets.add(plain(Path.of(options.get("plain"))));
        }
        if (targets.isEmpty()) {
            System.err.println("give --state DIR (a running fivenines cluster) and/or --plain DIR (a running plain shop)");
            System.exit(2);
        }
        Duration duration = Duration.ofMillis(Durations.parseMillis("--duration", options.getOrDefault("duration", "20s")));
        Duration idle = Duration.ofMillis(Durations.parseMillis("--idle", options.getOrDefault("idle", "5s")));
        Duration settle = Duration.ofMillis(Durations.parseMillis("--settle", options.getOrDefault("settle", "3s")));
        Path out = Path.of(options.getOrDefault("out", "baseline-bench"));
        Files.createDirectories(out);
        System.out.println(Machine.describe());
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "0"));
        if (warmup > 0) {
            // Each target's JIT, pools and caches warm before anything counts: a third of a cold
            // cluster's CPU per buy is its JIT compiling (docs/benchmarks.md, BuySessionBenchmark).
            for (Target t : targets) {
                System.out.println("[" + Instant.now() + "] warm-up: " + warmup + " buy sessions against " + t.name());
                load(t, warmup, Integer.parseInt(options.getOrDefault("warmup-rate", "10")), out.resolve("00-warmup-" + t.name()));
            }
        }
        List<Result> results = new ArrayList<>();
        int run = 0;
        for (String r : options.getOrDefault("rates", "20,50,100,200").split(",")) {
            int rate = Integer.parseInt(r.trim());
            for (Target t : targets) {
                results.add(measure(t, rate, duration, idle, settle, out.resolve(String.format("%02d-%s-%d", ++run, t.name(), rate))));
                System.out.println(line(results.getLast()));
            }
        }
        String report = report(results, targets);
        Files.writeString(out.resolve("report.md"), report);
        System.out.println(report);
    }

    private static void load(Target t, long sessions, int rate, Path dir) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        int exit = LoadMain.run(new String[]{"--target", t.url(), "--checkouts", Long.toString(sessions), "--rate",
                Integer.toString(rate), "--out", dir.toString(), "--quiet", "--seed", Integer.toString(rate)},
                new PrintStream(sink, true, StandardCharsets.UTF_8), System.err);
        if (exit != 0) {
            throw new IllegalStateException("load generator exited " + exit + " against " + t.name() + ":\n" + sink);
        }
    }

    private static Result measure(Target t, int rate, Duration duration, Duration idle, Duration settle, Path dir)
            throws IOException, InterruptedException {
        Map<String, Long> idle0 = t.cpu();
        Thread.sleep(idle.toMillis()); // the idle burn is measured over a span of wall time, not waited on
        Map<String, Long> idle1 = t.cpu();
        long sessions = Math.max(1, rate * duration.toSeconds());
        long start = System.nanoTime();
        load(t, sessions, rate, dir);
        Thread.sleep(settle.toMillis()); // the asynchronous effects (events, shipping, ledger commit) finish
        long span = System.nanoTime() - start;
        Map<String, Long> after = t.cpu();
        JsonNode report = Json.mapper().readTree(dir.resolve("report.json").toFile());
        JsonNode checkout = report.path("operations").path("checkout");
        long ok = checkout.path("outcomes").path("ok").asLong();
        Map<String, Double> perSession = new LinkedHashMap<>();
        for (String g : after.keySet()) {
            double idleRate = (idle1.get(g) - idle0.get(g)) / (double) idle.toNanos();
            double used = after.get(g) - idle1.get(g) - idleRate * span;
            // Per completed buy: a shed or failed session's work is overhead the completed ones carry.
            perSession.put(g, Math.max(0, used) / Math.max(1, ok));
        }
        return new Result(t.name(), rate, sessions, 100.0 * ok / sessions, checkout.path("latencyMs").path("p50Ms").asDouble(),
                checkout.path("latencyMs").path("p99Ms").asDouble(), perSession);
    }

    private static Target fivenines(Path state) throws IOException {
        JsonNode cluster = Json.mapper().readTree(state.resolve("cluster.json").toFile());
        return new Target("fivenines", cluster.path("edgeUrl").asText(), clusterMembers(cluster));
    }

    /** A running cluster's processes (its cluster.json), grouped by role. */
    static List<Member> clusterMembers(JsonNode cluster) {
        // The supervisor alone: its descendants are the instances, counted each in its own group.
        List<Member> members = new ArrayList<>(List.of(new Member("supervisor", cluster.path("supervisorPid").asLong(), false)));
        for (JsonNode i : cluster.path("instances")) {
            members.add(new Member(groupName(i.path("name").asText()), i.path("pid").asLong(), true));
        }
        return members;
    }

    private static Target plain(Path dir) throws IOException {
        // "plain shop ready at URL pids SHOP,POSTMASTER"
        String[] words = Files.readString(dir.resolve("ready")).trim().split(" ");
        String[] pids = words[words.length - 1].split(",");
        return new Target("plain", words[4], List.of(new Member("shop", Long.parseLong(pids[0]), false),
                new Member("postgres", Long.parseLong(pids[1]), true)));
    }

    /** shop-1 and shop-2 are "shop", inventory-1..3 "inventory". */
    static String groupName(String instance) {
        return instance.replaceFirst("-\\d+$", "");
    }

    private static String line(Result r) {
        return String.format("[%s] %s at %d/s: %d sessions, checkout ok %.2f%%, p50 %.1f ms, p99 %.1f ms, CPU %.1f ms/session %s",
                Instant.now(), r.target(), r.rate(), r.sessions(), r.successPercent(), r.p50(), r.p99(), r.totalCpu(), rounded(r.cpuPerSession()));
    }

    private static Map<String, String> rounded(Map<String, Double> cpu) {
        Map<String, String> out = new TreeMap<>();
        cpu.forEach((k, v) -> out.put(k, String.format("%.1f", v)));
        return out;
    }

    static String report(List<Result> results, List<Target> targets) {
        StringBuilder md = new StringBuilder("| target | rate /s | checkout ok | p50 ms | p99 ms | CPU ms / completed buy | by process group (ms / completed buy) |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            md.append(String.format("| %s | %d | %.2f%% | %.1f | %.1f | %.1f | %s |%n", r.target(), r.rate(), r.successPercent(),
                    r.p50(), r.p99(), r.totalCpu(), rounded(r.cpuPerSession()).toString().replaceAll("[{}]", "")));
        }
        md.append('\n');
        for (Target t : targets) {
            // The highest rate below which every run passed too: one lucky run above a failed one is noise.
            int capacity = 0;
            int failedAt = Integer.MAX_VALUE;
            for (Result r : results) {
                if (r.target().equals(t.name()) && !r.withinCapacity()) {
                    failedAt = Math.min(failedAt, r.rate());
                }
            }
            for (Result r : results) {
                if (r.target().equals(t.name()) && r.withinCapacity() && r.rate() < failedAt) {
                    capacity = Math.max(capacity, r.rate());
                }
            }
            md.append(String.format("- %s: capacity (highest rate with >= %.1f%% checkouts ok at p99 < %.0f ms) %s%n", t.name(),
                    SUCCESS_FLOOR, P99_LIMIT_MS, capacity == 0 ? "below the lowest rate" : capacity + " buy sessions/s"));
        }
        return md.toString();
    }
}
