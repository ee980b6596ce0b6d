package dev.fivenines.edge;

import dev.fivenines.base.Closer;
import dev.fivenines.base.Backoff;
import dev.fivenines.base.ConfigException;
import dev.fivenines.edge.admission.AdmissionAdmin;
import dev.fivenines.edge.admission.AdmissionMeters;
import dev.fivenines.edge.cache.ResponseCache;
import dev.fivenines.edge.config.Traffic;
import dev.fivenines.edge.config.TrafficClientQuota;
import dev.fivenines.edge.config.TrafficRetry;
import dev.fivenines.edge.config.TrafficValue;
import dev.fivenines.edge.learning.OrderEventsLearner;
import dev.fivenines.edge.learning.ValueModelSnapshots;
import dev.fivenines.edge.storefront.StaticSite;
import dev.fivenines.edge.storefront.StorefrontRoutes;
import dev.fivenines.events.KafkaSettings;
import dev.fivenines.events.Topics;
import dev.fivenines.telemetry.HttpTracing;
import dev.fivenines.traffic.admission.AdmissionController;
import dev.fivenines.traffic.admission.ClientQuotas;
import dev.fivenines.traffic.client.AdaptiveThrottle;
import dev.fivenines.traffic.client.RetryBudget;
import dev.fivenines.traffic.outlier.OutlierDetector;
import dev.fivenines.traffic.value.OnlineLogisticRegression;
import dev.fivenines.traffic.value.SessionFeatures;
import dev.fivenines.traffic.value.SessionValueModel;
import dev.fivenines.web.server.NodeServer;
import io.helidon.metrics.api.Metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The edge, wired: the one HTTP entry point. Classifies and admits every /api/v1 request (traffic
 * shaping, docs/traffic.md), then routes it to a healthy, undrained, non-ejected instance of the
 * serving role; serves the storefront's pages and assets itself ({@link StorefrontRoutes}). {@link #start} builds and starts every part on a server; {@link #close} stops them
 * in reverse order.
 */
public final class Edge implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Edge.class.getName());
    /** How often the edge saves its value model's weights (when they changed). */
    static final long VALUE_MODEL_SNAPSHOT_MILLIS = 10_000;
    static final Duration PROBE_PERIOD = Duration.ofMillis(500);

    /**
     * What the edge needs from the process that runs it.
     *
     * @param upstreamUrls   the base URLs of every instance of a role ("shop", "recommendations", "fulfillment")
     * @param env            the process environment (the session signing key, {@value EdgeSessions#KEY_ENV})
     * @param valueModelFile where this instance keeps its value model between runs
     * @param kafkaBootstrap Kafka's bootstrap servers; null or blank: the model learns only from checkouts seen here
     * @param kafka          the Kafka settings; may throw ConfigException (then logged, and no learner)
     */
    public record Context(Traffic traffic, Function<String, List<String>> upstreamUrls, HttpTracing tracing,
                          String adminToken, Map<String, String> env, Clock clock, String instanceName,
                          Path valueModelFile, String kafkaBootstrap, Supplier<KafkaSettings> kafka) {
        public Context {
            Objects.requireNonNull(traffic, "traffic");
            Objects.requireNonNull(upstreamUrls, "upstreamUrls");
            Objects.requireNonNull(clock, "clock");
        }
    }

    private final Closer resources = new Closer();

    private Edge() {
    }

    /** Builds the edge's parts, adds its routes and readiness check to {@code server}, and starts its threads. */
    public static Edge start(Context ctx, NodeServer server) {
        Traffic config = ctx.traffic();
        LongSupplier nanoTime = System::nanoTime;
        DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        UpstreamPool shops = pool(ctx, "shop", config, nanoTime, random);
        UpstreamPool recommendations = pool(ctx, "recommendations", config, nanoTime, random);
        UpstreamPool fulfillment = pool(ctx, "fulfillment", config, nanoTime, random);
        List<UpstreamPool> pools = List.of(shops, recommendations, fulfillment);

        // The prober keeps the JDK client: one probe per instance every 500 ms is off the hot path.
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient probeClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(UpstreamClient.CONNECT_TIMEOUT)
                .executor(executor)
                .build();
        HealthProber prober = new HealthProber(pools, probeClient);
        prober.start(PROBE_PERIOD);
        EdgeTraffic traffic = traffic(config, nanoTime, sessions(ctx, config));
        registerAdmissionMeters(traffic);
        UpstreamClient upstreamClient = UpstreamClient.create();
        // Public catalogue answers are served here for their max-age (docs/traffic.md, "Response cache").
        ResponseCache cache = new ResponseCache(config.cacheSettings());
        EdgeCache.registerMeters(Metrics.globalRegistry(), cache);
        EdgeProxy proxy = new EdgeProxy(path -> route(path, shops, recommendations, fulfillment), upstreamClient,
                ctx.tracing(), traffic, new EdgeCache(cache, nanoTime));
        EdgeAdmin admin = new EdgeAdmin(ctx.adminToken(), pools, traffic);
        // The storefront's files, from memory: they ask no upstream, so no admission (docs/storefront.md).
        StorefrontRoutes storefront = new StorefrontRoutes(StaticSite.fromClasspath(Edge.class.getClassLoader()));

        server.routes(routing -> {
            admin.routes(routing);
            storefront.register(routing);
            routing.any("/api/v1/*", proxy::handle)
                    .any("/api/v1", proxy::handle);
        });
        server.readiness("upstreams", () -> shops.all().stream().anyMatch(Upstream::healthy));
        // Last, so nothing that can still fail above leaves its thread behind.
        ValueModelSnapshots snapshots = valueModelSnapshots(ctx.valueModelFile(), traffic.values());
        OrderEventsLearner learner = orderEventsLearner(traffic.values(), ctx.kafkaBootstrap(), ctx.kafka(),
                ctx.instanceName(), nanoTime);
        Edge edge = new Edge();
        edge.add(executor);
        edge.add(probeClient);
        edge.add(upstreamClient);
        edge.add(prober);
        if (snapshots != null) {
            // closed after the learner (reverse order): its last lesson is in the last snapshot
            edge.add(snapshots);
        }
        if (learner != null) {
            edge.add(learner);
        }
        return edge;
    }

    private void add(AutoCloseable resource) {
        resources.add(resource);
    }

    /** Stops what {@link #start} started, in reverse order; a failure is logged and the rest still close. */
    @Override
    public void close() {
        resources.close();
    }

    /**
     * Restores the value model from its last snapshot and keeps saving it (ValueModelSnapshots), when
     * the model is on; null otherwise. A restarted edge then ranks buyers first from its first request.
     */
    static ValueModelSnapshots valueModelSnapshots(Path file, SessionValueModel values) {
        if (values == null) {
            return null;
        }
        ValueModelSnapshots snapshots = new ValueModelSnapshots(values.regression(), file,
                VALUE_MODEL_SNAPSHOT_MILLIS, Clock.systemUTC());
        snapshots.restore();
        return snapshots.start();
    }

    /**
     * Lets the value model learn from the shop's OrderPlaced events too (docs/traffic.md), when it is
     * on and Kafka is configured; null otherwise. Kafka is off the buying path: the learner connects in
     * the background, so an unreachable Kafka never delays or fails the edge's start, and neither does
     * a bad Kafka address (logged; the model then learns only from checkouts answered here).
     */
    public static OrderEventsLearner orderEventsLearner(SessionValueModel values, String bootstrap,
                                                        Supplier<KafkaSettings> kafka, String instanceName,
                                                        LongSupplier nanoTime) {
        if (values == null) {
            return null;
        }
        if (bootstrap == null || bootstrap.isBlank()) {
            LOG.info("no Kafka configured: the edge's value model learns only from checkouts answered through this edge");
            return null;
        }
        KafkaSettings settings;
        try {
            settings = kafka.get();
        } catch (ConfigException e) {
            LOG.log(Level.SEVERE, "the edge's value model will not learn from order events: " + e.getMessage(), e);
            return null;
        }
        return new OrderEventsLearner(values, settings, OrderEventsLearner.groupId(instanceName), Topics.ORDERS,
                Backoff.DEFAULT, new SplittableRandom(new SecureRandom().nextLong()), nanoTime,
                OrderEventsLearner.DEFAULT_POLL_TIMEOUT_MILLIS, OrderEventsLearner.DEFAULT_WARN_AFTER_MILLIS).start();
    }

    /**
     * The session cookies the edge issues, signed with FIVENINES_SESSION_KEY (or a random key of this
     * process, logged), when the value model is on; null otherwise.
     */
    static EdgeSessions sessions(Context ctx, Traffic config) {
        if (!config.value().enabled()) {
            return null;
        }
        return EdgeSessions.fromEnvironment(ctx.env(), config.sessionSettings(),
                () -> TimeUnit.MILLISECONDS.toSeconds(ctx.clock().millis()), new SecureRandom());
    }

    static EdgeTraffic traffic(Traffic config, LongSupplier nanoTime, EdgeSessions sessions) {
        AdmissionController admission = AdmissionAdmin.controller(config, nanoTime);
        TrafficClientQuota q = config.clientQuota();
        ClientQuotas quotas = q.enabled() ? new ClientQuotas(q.ratePerSecond(), q.burst(), q.maxClients(), nanoTime) : null;
        TrafficValue v = config.value();
        SessionValueModel values = v.enabled()
                ? new SessionValueModel(new OnlineLogisticRegression(SessionFeatures.SIZE, v.learningRate(), 1e-4), nanoTime,
                TimeUnit.SECONDS.toNanos(v.sessionWindowSeconds()), v.maxSessions())
                : null;
        // The shops' controller guards "shop"; every other upstream gets its own (see EdgeTraffic).
        Map<String, AdmissionController> byUpstream = Map.of(
                "recommendations", AdmissionAdmin.controller(config, nanoTime),
                "fulfillment", AdmissionAdmin.controller(config, nanoTime));
        return new EdgeTraffic(config.classifier(), admission, quotas, values, byUpstream, config.proxies(),
                values == null ? null : sessions);
    }

    /** Every edge controller's decisions on /metrics, tagged with the upstream it guards. */
    static void registerAdmissionMeters(EdgeTraffic traffic) {
        AdmissionMeters.register(Metrics.globalRegistry(), "shop", traffic.admission());
        traffic.byUpstream().forEach((upstream, controller) ->
                AdmissionMeters.register(Metrics.globalRegistry(), upstream, controller));
    }

    static UpstreamPolicy policy(Traffic config, LongSupplier nanoTime, DoubleSupplier random) {
        TrafficRetry r = config.retry();
        return new UpstreamPolicy(new OutlierDetector(config.outlierSettings(), nanoTime),
                new RetryBudget(r.budgetRatio(), r.minRetriesPerSecond(), nanoTime),
                new AdaptiveThrottle(r.throttleK(), TimeUnit.SECONDS.toNanos(r.throttleWindowSeconds()), nanoTime, random),
                Backoff.fullJitter(r.backoffBaseMillis(), r.backoffMaxMillis(), 2.0),
                random);
    }

    static UpstreamPool route(String path, UpstreamPool shops, UpstreamPool recommendations, UpstreamPool fulfillment) {
        if (path.startsWith("/api/v1/recommendations")) {
            return recommendations;
        }
        if (path.startsWith("/api/v1/shipments") || path.startsWith("/api/v1/purchase-orders")) {
            return fulfillment;
        }
        return shops;
    }

    private static UpstreamPool pool(Context ctx, String role, Traffic config, LongSupplier nanoTime,
                                     DoubleSupplier random) {
        List<Upstream> upstreams = new ArrayList<>();
        List<String> urls = ctx.upstreamUrls().apply(role);
        for (int i = 0; i < urls.size(); i++) {
            upstreams.add(new Upstream(role + "-" + (i + 1), URI.create(urls.get(i))));
        }
        return new UpstreamPool(role, upstreams, policy(config, nanoTime, random));
    }
}
