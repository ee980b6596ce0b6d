package dev.fivenines.node.roles;

import dev.fivenines.base.Backoff;
import dev.fivenines.base.ConfigException;
import dev.fivenines.events.KafkaSettings;
import dev.fivenines.events.Topics;
import dev.fivenines.node.config.ClusterConfig;
import dev.fivenines.node.edge.EdgeAdmin;
import dev.fivenines.node.edge.EdgeProxy;
import dev.fivenines.node.edge.EdgeSessions;
import dev.fivenines.node.edge.EdgeTraffic;
import dev.fivenines.node.server.AdmissionAdmin;
import dev.fivenines.node.edge.HealthProber;
import dev.fivenines.node.edge.OrderEventsLearner;
import dev.fivenines.node.edge.ValueModelSnapshots;
import dev.fivenines.node.edge.Upstream;
import dev.fivenines.node.edge.UpstreamClient;
import dev.fivenines.node.edge.UpstreamPolicy;
import dev.fivenines.node.edge.UpstreamPool;
import dev.fivenines.node.server.NodeServer;
import dev.fivenines.traffic.admission.AdmissionController;
import dev.fivenines.traffic.admission.ClientQuotas;
import dev.fivenines.traffic.client.AdaptiveThrottle;
import dev.fivenines.traffic.client.RetryBudget;
import dev.fivenines.traffic.outlier.OutlierDetector;
import dev.fivenines.traffic.value.OnlineLogisticRegression;
import dev.fivenines.traffic.value.SessionFeatures;
import dev.fivenines.traffic.value.SessionValueModel;

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
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The edge: the one HTTP entry point. Classifies and admits every /api/v1 request (traffic shaping,
 * docs/traffic.md), then routes it to a healthy, undrained, non-ejected instance of the serving role.
 */
public final class EdgeRole implements Role {
    private static final Logger LOG = Logger.getLogger(EdgeRole.class.getName());
    /** How often the edge saves its value model's weights (when they changed). */
    static final long VALUE_MODEL_SNAPSHOT_MILLIS = 10_000;

    @Override
    public String name() {
        return "edge";
    }

    @Override
    public AutoCloseable configure(RoleContext ctx, NodeServer server) {
        ClusterConfig.Traffic config = ctx.config().traffic();
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
        prober.start(Duration.ofMillis(500));
        EdgeTraffic traffic = traffic(config, nanoTime, sessions(ctx, config));
        registerAdmissionMeters(traffic);
        UpstreamClient upstreamClient = UpstreamClient.create();
        EdgeProxy proxy = new EdgeProxy(path -> route(path, shops, recommendations, fulfillment), upstreamClient,
                ctx.tracing(), traffic);
        EdgeAdmin admin = new EdgeAdmin(ctx.adminToken(), pools, traffic);

        server.routes(routing -> {
            admin.routes(routing);
            routing.any("/api/v1/*", proxy::handle)
                    .any("/api/v1", proxy::handle);
        });
        server.readiness("upstreams", () -> shops.all().stream().anyMatch(Upstream::healthy));
        // Last, so nothing that can still fail above leaves its thread behind.
        ValueModelSnapshots snapshots = valueModelSnapshots(ctx, traffic.values());
        OrderEventsLearner learner = orderEventsLearner(ctx, traffic.values(), nanoTime);
        Closer closer = new Closer();
        closer.add(executor);
        closer.add(probeClient);
        closer.add(upstreamClient);
        closer.add(prober);
        if (snapshots != null) {
            // closed after the learner (reverse order): its last lesson is in the last snapshot
            closer.add(snapshots);
        }
        if (learner != null) {
            closer.add(learner);
        }
        return closer;
    }

    /** Where an edge instance keeps its value model between runs. */
    static Path valueModelFile(RoleContext ctx) {
        return ctx.state().root().resolve("edge").resolve(ctx.instanceName()).resolve("value-model.json");
    }

    /**
     * Restores the value model from its last snapshot and keeps saving it (ValueModelSnapshots), when
     * the model is on; null otherwise. A restarted edge then ranks buyers first from its first request.
     */
    static ValueModelSnapshots valueModelSnapshots(RoleContext ctx, SessionValueModel values) {
        if (values == null) {
            return null;
        }
        ValueModelSnapshots snapshots = new ValueModelSnapshots(values.regression(), valueModelFile(ctx),
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
    static OrderEventsLearner orderEventsLearner(RoleContext ctx, SessionValueModel values, LongSupplier nanoTime) {
        if (values == null) {
            return null;
        }
        String bootstrap = ctx.kafkaBootstrap();
        if (bootstrap == null || bootstrap.isBlank()) {
            LOG.info("no Kafka configured: the edge's value model learns only from checkouts answered through this edge");
            return null;
        }
        KafkaSettings settings;
        try {
            settings = EventWiring.kafka(ctx);
        } catch (ConfigException e) {
            LOG.log(Level.SEVERE, "the edge's value model will not learn from order events: " + e.getMessage(), e);
            return null;
        }
        return new OrderEventsLearner(values, settings, OrderEventsLearner.groupId(ctx.instanceName()), Topics.ORDERS,
                Backoff.DEFAULT, new SplittableRandom(new SecureRandom().nextLong()), nanoTime,
                OrderEventsLearner.DEFAULT_POLL_TIMEOUT_MILLIS, OrderEventsLearner.DEFAULT_WARN_AFTER_MILLIS).start();
    }

    /**
     * The session cookies the edge issues, signed with FIVENINES_SESSION_KEY (or a random key of this
     * process, logged), when the value model is on; null otherwise.
     */
    static EdgeSessions sessions(RoleContext ctx, ClusterConfig.Traffic config) {
        if (!config.value().enabled()) {
            return null;
        }
        return EdgeSessions.fromEnvironment(ctx.env(), config.sessionSettings(),
                () -> TimeUnit.MILLISECONDS.toSeconds(ctx.clock().millis()), new SecureRandom());
    }

    static EdgeTraffic traffic(ClusterConfig.Traffic config, LongSupplier nanoTime, EdgeSessions sessions) {
        AdmissionController admission = AdmissionAdmin.controller(config, nanoTime);
        ClusterConfig.TrafficClientQuota q = config.clientQuota();
        ClientQuotas quotas = q.enabled() ? new ClientQuotas(q.ratePerSecond(), q.burst(), q.maxClients(), nanoTime) : null;
        ClusterConfig.TrafficValue v = config.value();
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

    static UpstreamPolicy policy(ClusterConfig.Traffic config, LongSupplier nanoTime, DoubleSupplier random) {
        ClusterConfig.TrafficRetry r = config.retry();
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

    private static UpstreamPool pool(RoleContext ctx, String role, ClusterConfig.Traffic config, LongSupplier nanoTime,
                                     DoubleSupplier random) {
        List<Upstream> upstreams = new ArrayList<>();
        List<String> urls = ctx.urlsOf(role);
        for (int i = 0; i < urls.size(); i++) {
            upstreams.add(new Upstream(role + "-" + (i + 1), URI.create(urls.get(i))));
        }
        return new UpstreamPool(role, upstreams, policy(config, nanoTime, random));
    }
}
