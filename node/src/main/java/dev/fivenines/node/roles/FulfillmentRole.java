package dev.fivenines.node.roles;

import dev.fivenines.base.Closer;
import dev.fivenines.commerce.fulfillment.FulfillmentConfig;
import dev.fivenines.commerce.fulfillment.FulfillmentServices;
import dev.fivenines.commerce.replenishment.ReplenishmentConfig;
import dev.fivenines.commerce.replenishment.ReplenishmentServices;
import dev.fivenines.commerce.replenishment.Restocker;
import dev.fivenines.commerce.replenishment.SimulatedSupplier;
import dev.fivenines.events.SqlOutbox;
import dev.fivenines.db.Database;
import dev.fivenines.inventory.ledger.LedgerReply;
import dev.fivenines.inventory.raft.ShardedInventoryClient;
import dev.fivenines.web.server.NodeServer;

import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

/**
 * Fulfillment and replenishment, the warehouse side: ships placed orders, reports delivery, turns
 * StockLow into purchase orders and deliveries into restocks; its own outbox relay publishes the events.
 */
public final class FulfillmentRole implements Role {
    private static final Logger LOG = Logger.getLogger(FulfillmentRole.class.getName());

    @Override
    public String name() {
        return "fulfillment";
    }

    @Override
    public AutoCloseable configure(RoleContext ctx, NodeServer server) {
        Closer closer = new Closer();
        Database db = closer.add(Database.connect(ctx.dbSettings(), ctx.instanceName()));
        SqlOutbox outbox = SqlOutbox.withGlobalPropagator("/fivenines/fulfillment", ctx.ids());
        FulfillmentServices services = closer.add(FulfillmentServices.create(db, outbox, ctx.clock(), ctx.ids(),
                FulfillmentConfig.defaults().withDeliveryDelay(Duration.ofMillis(ctx.config().fulfillment().deliveryDelayMillis()))));
        closer.add(EventWiring.relay(ctx, db));
        closer.add(EventWiring.consumer(ctx, db, FulfillmentServices.CONSUMER, FulfillmentServices.TOPICS, services.handler()));
        services.scheduler().start();
        server.api(List.of(services.api()));
        if (ctx.config().instances(InventoryRole.NAME) > 0) {
            replenishment(ctx, db, outbox, closer, server);
        } else {
            LOG.warning("no stock ledger replicas in this topology: replenishment is off (it restocks the Raft ledger)");
        }
        server.readiness("database", db::isReachable);
        return closer;
    }

    /**
     * The warehouse side of replenishment: a purchase order per StockLow episode, sent to the
     * (simulated) supplier; each delivery restocks the Raft ledger by its receipt id, so redelivered
     * events never restock twice.
     */
    private static void replenishment(RoleContext ctx, Database db, SqlOutbox outbox, Closer closer, NodeServer server) {
        ShardedInventoryClient ledger = closer.add(InventoryRole.client(ctx));
        Restocker restocker = (sku, units, receiptId) -> {
            LedgerReply reply = ledger.group(ledger.groupOf(sku)).restock(sku, units, receiptId);
            if (!(reply instanceof LedgerReply.Done)) {
                throw new IllegalStateException("ledger refused restock " + receiptId + " of " + units + " x " + sku + ": " + reply);
            }
        };
        ReplenishmentServices replenishment = closer.add(ReplenishmentServices.create(db, outbox, ctx.clock(), ctx.ids(),
                new SimulatedSupplier(SimulatedSupplier.Config.defaults(ctx.instance()), ctx.clock()), restocker,
                ReplenishmentConfig.defaults()));
        closer.add(EventWiring.consumer(ctx, db, ReplenishmentServices.REPLENISHMENT_CONSUMER, ReplenishmentServices.TOPICS,
                replenishment.replenishmentHandler()));
        closer.add(EventWiring.consumer(ctx, db, ReplenishmentServices.RESTOCK_CONSUMER, ReplenishmentServices.TOPICS,
                replenishment.restockHandler()));
        replenishment.scheduler().start();
        server.api(List.of(replenishment.api()));
    }
}
