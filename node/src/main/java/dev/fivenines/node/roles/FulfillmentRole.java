package dev.fivenines.node.roles;

import dev.fivenines.commerce.fulfillment.FulfillmentConfig;
import dev.fivenines.commerce.fulfillment.FulfillmentServices;
import dev.fivenines.events.SqlOutbox;
import dev.fivenines.events.db.Database;
import dev.fivenines.node.server.NodeServer;

import java.time.Duration;
import java.util.List;

/** Fulfillment: ships placed orders, reports delivery; its own outbox relay publishes the events. */
public final class FulfillmentRole implements Role {
    @Override
    public String name() {
        return "fulfillment";
    }

    @Override
    public AutoCloseable configure(RoleContext ctx, NodeServer server) {
        Closer closer = new Closer();
        Database db = closer.add(Database.connect(ctx.dbSettings(), ctx.instanceName()));
        FulfillmentServices services = closer.add(FulfillmentServices.create(db,
                SqlOutbox.withGlobalPropagator("/fivenines/fulfillment", ctx.ids()), ctx.clock(), ctx.ids(),
                FulfillmentConfig.defaults().withDeliveryDelay(Duration.ofMillis(ctx.config().fulfillment().deliveryDelayMillis()))));
        closer.add(EventWiring.relay(ctx, db));
        closer.add(EventWiring.consumer(ctx, db, FulfillmentServices.CONSUMER, FulfillmentServices.TOPICS, services.handler()));
        services.scheduler().start();
        server.api(List.of(services.api()));
        server.readiness("database", db::isReachable);
        return closer;
    }
}
