package dev.fivenines.node.roles;

import dev.fivenines.base.Ids;
import dev.fivenines.db.DbSettings;
import dev.fivenines.node.config.ClusterConfig;
import dev.fivenines.node.supervisor.StateDir;
import dev.fivenines.commerce.http.DocumentedRoutes;
import dev.fivenines.telemetry.HttpTracing;
import dev.fivenines.telemetry.RouteTemplates;
import dev.fivenines.telemetry.Telemetry;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/**
 * What every role process is given: its identity, the cluster configuration, resolved engine
 * endpoints, telemetry, and the injected clock and id source.
 */
public record RoleContext(String role, int instance, int port, ClusterConfig config, StateDir state,
                          Map<String, String> env, Telemetry telemetry, HttpTracing tracing, Clock clock, Ids ids) {

    /**
     * Every role names its requests by the documented API's templates: the edge forwards all of them,
     * and a shop's own matched route agrees with the document (OpenApiContractTest).
     */
    public static final RouteTemplates API_ROUTES = RouteTemplates.of(DocumentedRoutes.templates());

    public static RoleContext create(String role, int instance, int port, ClusterConfig config, StateDir state,
                                     Map<String, String> env, Telemetry telemetry) {
        Clock clock = Clock.systemUTC();
        return new RoleContext(role, instance, port, config, state, env, telemetry,
                new HttpTracing(telemetry.openTelemetry(), API_ROUTES), clock, new Ids(clock::millis, new SecureRandom()));
    }

    public String instanceName() {
        return role + "-" + instance;
    }

    public DbSettings dbSettings() {
        String url = config.postgres().embedded()
                ? "jdbc:postgresql://127.0.0.1:" + config.postgresPort() + "/fivenines"
                : config.postgres().url();
        return new DbSettings(url, config.postgres().user(), env.getOrDefault("FIVENINES_POSTGRES_PASSWORD", ""),
                config.postgres().poolSize(), DbSettings.DEFAULT_CONNECT_TIMEOUT_MILLIS);
    }

    public String kafkaBootstrap() {
        return config.kafka().embedded() ? "127.0.0.1:" + config.kafkaPort() : config.kafka().bootstrapServers();
    }

    public String adminToken() {
        String token = env.get("FIVENINES_ADMIN_TOKEN");
        if (token == null || token.isBlank()) {
            throw new dev.fivenines.base.ConfigException("FIVENINES_ADMIN_TOKEN must be set for role " + role);
        }
        return token;
    }

    /** Base URLs of every instance of {@code otherRole}, from the topology. */
    public java.util.List<String> urlsOf(String otherRole) {
        java.util.List<String> urls = new java.util.ArrayList<>();
        for (int i = 1; i <= config.instances(otherRole); i++) {
            urls.add("http://127.0.0.1:" + config.port(otherRole, i));
        }
        return urls;
    }
}
