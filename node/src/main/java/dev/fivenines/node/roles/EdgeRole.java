package dev.fivenines.node.roles;

import dev.fivenines.edge.Edge;
import dev.fivenines.edge.learning.OrderEventsLearner;
import dev.fivenines.traffic.value.SessionValueModel;
import dev.fivenines.web.server.NodeServer;

import java.nio.file.Path;
import java.util.function.LongSupplier;

/** The edge role: maps this process's config and context onto {@link Edge} and starts it. */
public final class EdgeRole implements Role {

    @Override
    public String name() {
        return "edge";
    }

    @Override
    public AutoCloseable configure(RoleContext ctx, NodeServer server) {
        return Edge.start(context(ctx), server);
    }

    static Edge.Context context(RoleContext ctx) {
        return new Edge.Context(ctx.config().traffic(), ctx::urlsOf, ctx.tracing(), ctx.adminToken(), ctx.env(),
                ctx.clock(), ctx.instanceName(), valueModelFile(ctx), ctx.kafkaBootstrap(), () -> EventWiring.kafka(ctx));
    }

    /** Where an edge instance keeps its value model between runs. */
    static Path valueModelFile(RoleContext ctx) {
        return ctx.state().root().resolve("edge").resolve(ctx.instanceName()).resolve("value-model.json");
    }

    /** The edge's order-events learner as this process's config wires it (see {@link Edge#orderEventsLearner}). */
    static OrderEventsLearner orderEventsLearner(RoleContext ctx, SessionValueModel values, LongSupplier nanoTime) {
        return Edge.orderEventsLearner(values, ctx.kafkaBootstrap(), () -> EventWiring.kafka(ctx), ctx.instanceName(),
                nanoTime);
    }
}
