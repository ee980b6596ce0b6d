package dev.fivenines.node.roles;

import dev.fivenines.node.edge.EdgeProxy;
import dev.fivenines.node.edge.HealthProber;
import dev.fivenines.node.edge.Upstream;
import dev.fivenines.node.edge.UpstreamPool;
import dev.fivenines.node.server.NodeServer;
import dev.fivenines.web.Http;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/** The edge: the one HTTP entry point, routing /api/v1 to healthy instances of the serving role. */
public final class EdgeRole implements Role {
    @Override
    public String name() {
        return "edge";
    }

    @Override
    public AutoCloseable configure(RoleContext ctx, NodeServer server) {
        UpstreamPool shops = pool(ctx, "shop");
        UpstreamPool recommendations = pool(ctx, "recommendations");
        UpstreamPool fulfillment = pool(ctx, "fulfillment");
        List<UpstreamPool> pools = List.of(shops, recommendations, fulfillment);

        var executor = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1))
                .executor(executor)
                .build();
        HealthProber prober = new HealthProber(pools, client);
        prober.start(Duration.ofMillis(500));
        EdgeProxy proxy = new EdgeProxy(path -> route(path, shops, recommendations, fulfillment), client, ctx.tracing());
        String token = ctx.adminToken();

        server.routes(routing -> routing
                .get("/admin/upstreams", (req, res) -> {
                    Admin.requireToken(req, token);
                    Map<String, Object> body = new LinkedHashMap<>();
                    for (UpstreamPool pool : pools) {
                        List<Map<String, Object>> list = new ArrayList<>();
                        for (Upstream u : pool.all()) {
                            list.add(Map.of("name", u.name(), "url", u.baseUri().toString(), "healthy", u.healthy(),
                                    "requests", u.requests(), "failures", u.failures()));
                        }
                        body.put(pool.role(), list);
                    }
                    Http.json(res, 200, body);
                })
                .any("/api/v1/*", proxy::handle)
                .any("/api/v1", proxy::handle));
        server.readiness("upstreams", () -> shops.all().stream().anyMatch(Upstream::healthy));
        return () -> {
            prober.close();
            client.close();
            executor.close();
        };
    }

    static UpstreamPool route(String path, UpstreamPool shops, UpstreamPool recommendations, UpstreamPool fulfillment) {
        if (path.startsWith("/api/v1/recommendations")) {
            return recommendations;
        }
        if (path.startsWith("/api/v1/shipments")) {
            return fulfillment;
        }
        return shops;
    }

    private static UpstreamPool pool(RoleContext ctx, String role) {
        List<Upstream> upstreams = new ArrayList<>();
        List<String> urls = ctx.urlsOf(role);
        for (int i = 0; i < urls.size(); i++) {
            upstreams.add(new Upstream(role + "-" + (i + 1), URI.create(urls.get(i))));
        }
        return new UpstreamPool(role, upstreams);
    }
}
