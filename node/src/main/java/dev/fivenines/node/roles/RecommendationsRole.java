package dev.fivenines.node.roles;

import dev.fivenines.base.Closer;
import dev.fivenines.commerce.recommendation.RecommendationFaults;
import dev.fivenines.commerce.recommendation.RecommendationServices;
import dev.fivenines.db.Database;
import dev.fivenines.web.server.NodeServer;

import java.util.List;

/**
 * Recommendations: learns co-purchases from order events and serves them. Sheddable by design: the
 * shop calls it with a short deadline and falls back to top sellers. Its fault switch
 * ({@code PUT /admin/faults}, token required) makes it slow or failing on purpose.
 */
public final class RecommendationsRole implements Role {
    @Override
    public String name() {
        return "recommendations";
    }

    @Override
    public AutoCloseable configure(RoleContext ctx, NodeServer server) {
        Closer closer = new Closer();
        Database db = closer.add(Database.connect(ctx.dbSettings(), ctx.instanceName()));
        RecommendationServices services = RecommendationServices.create(db, ctx.adminToken());
        var initial = ctx.config().recommendations();
        services.faults().set(new RecommendationFaults.Settings(initial.extraLatencyMillis(), initial.failureRate()));
        closer.add(EventWiring.consumer(ctx, db, RecommendationServices.CONSUMER, RecommendationServices.TOPICS,
                services.handler()));
        server.api(List.of(services.api()));
        server.routes(services::registerAdmin);
        server.readiness("database", db::isReachable);
        return closer;
    }
}
