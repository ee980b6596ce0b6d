package dev.fivenines.edge.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The console's topology (docs/console.md): every instance the cluster config names, each with its
 * readiness asked now, the process state the local supervisor recorded, every stock-ledger replica's
 * view of its Raft groups, and the edge's own routing state. Every instance is asked at once, each
 * call within {@code callTimeout}; an instance that does not answer in time is shown as unreachable,
 * so one dead process never fails the page or makes it wait longer than one deadline.
 */
public final class ConsoleTopology {
    private static final Logger LOG = Logger.getLogger(ConsoleTopology.class.getName());
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMillis(800);
    /**
     * A snapshot this young is answered again instead of asking every instance anew: however many
     * consoles are open, the instances are asked at most about once a second.
     */
    public static final Duration DEFAULT_REUSE_WITHIN = Duration.ofSeconds(1);
    /** The roles in the order the page lists them. */
    public static final List<String> ROLES = List.of("edge", "shop", "inventory", "fulfillment", "recommendations");
    static final String READY_PATH = "/observe/health/ready";
    static final String INVENTORY_PATH = "/admin/inventory";
    /** Bound on what is read of an answer: readiness and the ledger's view are a few KiB. */
    static final int MAX_ANSWER_BYTES = 256 * 1024;

    /** One instance of a role, as the cluster config names it. */
    public record Instance(String role, String name, URI baseUri) {
    }

    /** What one call got: a status and body, or why there was none (status 0). */
    record Answer(int status, String body, String error) {
        static Answer failed(String error) {
            return new Answer(0, null, error);
        }
    }

    private final List<Instance> instances;
    private final HttpClient http;
    private final String adminToken;
    private final Duration callTimeout;
    private final Path clusterFile;
    private final Supplier<Map<String, Object>> routing;
    private final LongSupplier nanoTime;
    private final long reuseWithinNanos;
    /** One snapshot at a time: a caller that arrives while one is being made waits for it and reuses it. */
    private final ReentrantLock making = new ReentrantLock();
    private Map<String, Object> last;
    private long lastAtNanos;

    /**
     * @param clusterFile the local supervisor's record of its processes ({@code <stateDir>/cluster.json}); null when
     *                    there is none (then no process state is shown)
     * @param routing     the edge's routing state per upstream (what {@code GET /admin/upstreams} answers)
     */
    public ConsoleTopology(List<Instance> instances, HttpClient http, String adminToken, Duration callTimeout,
                           Path clusterFile, Supplier<Map<String, Object>> routing) {
        this(instances, http, adminToken, callTimeout, clusterFile, routing, System::nanoTime, Duration.ZERO);
    }

    /** @param reuseWithin a snapshot younger than this (on {@code nanoTime}) is answered again by {@link #recent} */
    public ConsoleTopology(List<Instance> instances, HttpClient http, String adminToken, Duration callTimeout,
                           Path clusterFile, Supplier<Map<String, Object>> routing, LongSupplier nanoTime,
                           Duration reuseWithin) {
        this.nanoTime = nanoTime;
        this.reuseWithinNanos = reuseWithin.toNanos();
        this.instances = List.copyOf(instances);
        this.http = http;
        this.adminToken = adminToken;
        this.callTimeout = callTimeout;
        this.clusterFile = clusterFile;
        this.routing = routing;
    }

    /** {@link #snapshot}, or the last one if it is younger than {@code reuseWithin}. */
    public Map<String, Object> recent() {
        making.lock();
        try {
            if (last != null && nanoTime.getAsLong() - lastAtNanos < reuseWithinNanos) {
                return last;
            }
            last = snapshot();
            lastAtNanos = nanoTime.getAsLong();
            return last;
        } finally {
            making.unlock();
        }
    }

    /** The page's whole topology, asked now. Never throws for an instance that is down or slow. */
    public Map<String, Object> snapshot() {
        Map<Instance, CompletableFuture<Answer>> ready = new LinkedHashMap<>();
        Map<Instance, CompletableFuture<Answer>> ledger = new LinkedHashMap<>();
        for (Instance instance : instances) {
            ready.put(instance, get(instance.baseUri().resolve(READY_PATH), false));
            if (instance.role().equals("inventory")) {
                ledger.put(instance, get(instance.baseUri().resolve(INVENTORY_PATH), true));
            }
        }
        Map<String, JsonNode> processes = new LinkedHashMap<>();
        Map<String, Object> cluster = readClusterFile(processes);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cluster", cluster);
        List<Map<String, Object>> roles = new ArrayList<>();
        Set<String> named = new LinkedHashSet<>();
        for (String role : ROLES) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Instance instance : instances) {
                if (instance.role().equals(role)) {
                    named.add(instance.name());
                    list.add(instanceBody(instance, ready.get(instance).join(), processes.get(instance.name())));
                }
            }
            if (!list.isEmpty()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("role", role);
                one.put("instances", list);
                roles.add(one);
            }
        }
        body.put("roles", roles);
        // Engines (PostgreSQL, Kafka) and anything else the supervisor runs that the roles do not list.
        List<Map<String, Object>> engines = new ArrayList<>();
        processes.forEach((name, p) -> {
            if (!named.contains(name)) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("name", name);
                e.put("role", p.path("role").asText(name));
                e.put("process", processBody(p));
                engines.add(e);
            }
        });
        body.put("engines", engines);
        body.put("raft", RaftView.of(ledger));
        body.put("routing", routing.get());
        return body;
    }

    private static Map<String, Object> instanceBody(Instance instance, Answer ready, JsonNode process) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("name", instance.name());
        one.put("url", instance.baseUri().toString());
        Map<String, Object> health = new LinkedHashMap<>();
        if (ready.status() == 0) {
            health.put("reachable", false);
            health.put("ready", false);
            health.put("detail", ready.error());
        } else {
            health.put("reachable", true);
            health.put("ready", ready.status() == 200);
            health.put("status", ready.status());
            health.put("detail", ready.status() == 200 ? "ready" : "not ready (" + ready.status() + ")");
        }
        one.put("health", health);
        one.put("process", process == null ? null : processBody(process));
        return one;
    }

    /** What the supervisor recorded, and whether that pid is alive now (this host only: the record is local). */
    private static Map<String, Object> processBody(JsonNode p) {
        Map<String, Object> out = new LinkedHashMap<>();
        long pid = p.path("pid").asLong(0);
        out.put("state", p.path("state").isMissingNode() || p.path("state").isNull() ? "READY" : p.path("state").asText());
        out.put("pid", pid);
        out.put("alive", pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        out.put("restarts", p.path("restarts").asInt(0));
        out.put("since", p.path("since").isTextual() ? p.path("since").asText() : null);
        out.put("port", p.path("port").asInt(0));
        return out;
    }

    /** The supervisor's record (phase, message, when), filling {@code processes} by instance name; null if none. */
    private Map<String, Object> readClusterFile(Map<String, JsonNode> processes) {
        if (clusterFile == null) {
            return null;
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(Files.readAllBytes(clusterFile));
        } catch (NoSuchFileException e) {
            return Map.of("source", clusterFile.toString(), "error", "no such file: the supervisor is not running here");
        } catch (IOException e) {
            // The supervisor replaces the file atomically, so this is a real fault: say it on the page and in the log.
            LOG.log(Level.WARNING, "cannot read the supervisor's record " + clusterFile + ": " + e.getMessage(), e);
            return Map.of("source", clusterFile.toString(), "error", "unreadable: " + e.getMessage());
        }
        for (JsonNode instance : root.path("instances")) {
            processes.put(instance.path("name").asText(), instance);
        }
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("source", clusterFile.toString());
        cluster.put("phase", root.path("phase").asText(null));
        cluster.put("message", root.path("message").asText(null));
        cluster.put("updatedAt", root.path("updatedAt").isTextual() ? root.path("updatedAt").asText() : null);
        return cluster;
    }

    private CompletableFuture<Answer> get(URI uri, boolean admin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(callTimeout).GET();
        if (admin) {
            request.header("Authorization", "Bearer " + adminToken);
        }
        try {
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                    .thenApply(ConsoleTopology::read)
                    .exceptionally(e -> Answer.failed(describe(e)))
                    // The client's timeout covers the answer's headers; this covers a body that never ends.
                    .completeOnTimeout(Answer.failed("no answer within " + callTimeout.toMillis() + " ms"),
                            callTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Answer.failed(describe(e)));
        }
    }

    private static Answer read(HttpResponse<java.io.InputStream> response) {
        try (var in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES);
            return new Answer(response.statusCode(), new String(bytes, java.nio.charset.StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            return Answer.failed("answer cut off: " + e.getMessage());
        }
    }

    static String describe(Throwable e) {
        Throwable innermost = e;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.http.HttpTimeoutException) {
                return "no answer in time";
            }
            if (c instanceof java.net.ConnectException) {
                return "unreachable (connection refused)";
            }
            innermost = c;
        }
        return "unreachable (" + innermost.getClass().getSimpleName()
                + (innermost.getMessage() == null ? "" : ": " + innermost.getMessage()) + ")";
    }
}
