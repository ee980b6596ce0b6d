package dev.fivenines.node.roles;

import dev.fivenines.node.Logs;
import dev.fivenines.node.config.ClusterConfig;
import dev.fivenines.node.server.NodeServer;
import dev.fivenines.node.supervisor.StateDir;
import dev.fivenines.telemetry.Telemetry;
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

    public static int run(String roleName, int instance, int port, Path configFile, Path home, Map<String, String> env)
            throws Exception {
        Role role = role(roleName);
        String instanceName = roleName + "-" + instance;
        Logs.json(roleName, instanceName);
        ClusterConfig config = ClusterConfig.load(configFile, env);
        StateDir state = new StateDir(home.resolve(config.stateDir()));
        state.create();
        Telemetry telemetry = Telemetry.start(roleName, instanceName, state.telemetry().resolve("spans-" + instanceName + ".jsonl"),
                Optional.ofNullable(env.get("OTEL_EXPORTER_OTLP_ENDPOINT")));
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
