package dev.fivenines.node.roles;

import dev.fivenines.node.Logs;
import dev.fivenines.node.config.ClusterConfig;
import dev.fivenines.node.config.TelemetrySettings;
import dev.fivenines.web.server.NodeServer;
import dev.fivenines.node.supervisor.StateDir;
import dev.fivenines.telemetry.Telemetry;
import dev.fivenines.telemetry.TraceSamplingPolicy;
import dev.fivenines.traffic.Criticality;
import dev.fivenines.traffic.RouteClassifier;
import io.helidon.webserver.WebServer;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Runs one role instance as this process, until SIGTERM. */
public final class RoleRunner {
    private static final Logger LOG = Logger.getLogger(RoleRunner.class.getName());

    private RoleRunner() {
    }

    public static Role role(String name) {
        return switch (name) {
            case "edge" -> new EdgeRole();
            case "shop" -> new ShopRole();
            case "fulfillment" -> new FulfillmentRole();
            case "recommendations" -> new RecommendationsRole();
            case "inventory" -> new InventoryRole();
            default -> throw new IllegalArgumentException("unknown role '" + name + "'; roles are " + ClusterConfig.ROLE_NAMES);
        };
    }

    /**
     * Which new traces every role keeps: the ratio of the request's class in
     * {@code telemetry.traceSampleRatios}, the class from {@code traffic.routes} (the edge's table, so
     * a shop asked directly decides like the edge). Operator calls under {@code /admin/} are rare and
     * worth keeping whole, so they are always kept. Only roots ask: the shop behind the edge follows
     * the edge's decision through {@code traceparent}.
     */
    static TraceSamplingPolicy traceSampling(ClusterConfig config) {
        RouteClassifier classifier = config.traffic().classifier();
        TelemetrySettings telemetry = config.telemetry();
        double[] ratios = new double[Criticality.values().length];
        for (Criticality c : Criticality.values()) {
            ratios[c.ordinal()] = telemetry.traceSampleRatio(c);
        }
        return (method, path) -> path.startsWith("/admin/") ? 1.0 : ratios[classifier.classify(method, path).ordinal()];
    }

    public static int run(String roleName, int instance, int port, Path configFile, Path home, Map<String, String> env)
            throws Exception {
        Role role = role(roleName);
        String instanceName = roleName + "-" + instance;
        Logs.json(roleName, instanceName);
        ClusterConfig config = ClusterConfig.load(configFile, env);
        StateDir state = new StateDir(home.resolve(config.stateDir()));
        state.create();
        Telemetry telemetry = Telemetry.start(roleName, instanceName, state.telemetry().resolve("spans-" + instanceName + ".jsonl"),
                Optional.ofNullable(env.get("OTEL_EXPORTER_OTLP_ENDPOINT")), traceSampling(config));
        RoleContext ctx = RoleContext.create(roleName, instance, port, config, state, env, telemetry);
        NodeServer server = new NodeServer().port(port).tracing(ctx.tracing());
        AutoCloseable parts = role.configure(ctx, server);
        WebServer web = server.start();
        LOG.info(instanceName + " listening on http://127.0.0.1:" + web.port());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info(instanceName + " stopping");
            try {
                web.stop();
                parts.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, instanceName + " did not stop cleanly", e);
            } finally {
                telemetry.close();
                stopped.countDown();
            }
        }, "role-shutdown"));
        stopped.await();
        return 0;
    }
}
