package dev.fivenines.node.roles;

import dev.fivenines.base.Closer;
import dev.fivenines.traffic.admission.AdmissionController;
import io.helidon.metrics.api.Metrics;
import dev.fivenines.commerce.catalog.RecommendationSource;
import dev.fivenines.base.Money;
import dev.fivenines.commerce.checkout.HoldReleaseRetrier;
import dev.fivenines.commerce.payment.GuardedPaymentProvider;
import dev.fivenines.commerce.payment.PendingPaymentPolicy;
import dev.fivenines.commerce.payment.SimulatedPaymentProvider;
import dev.fivenines.commerce.payment.TracedPaymentProvider;
import dev.fivenines.commerce.recommendation.RecommendationsHttpClient;
import dev.fivenines.commerce.shop.GuardedInventoryClient;
import dev.fivenines.commerce.shop.ShopServices;
import dev.fivenines.commerce.shop.TracedInventoryClient;
import dev.fivenines.events.SqlOutbox;
import dev.fivenines.events.Topics;
import dev.fivenines.db.Database;
import dev.fivenines.inventory.BoundedReadPolicy;
import dev.fivenines.inventory.InventoryClient;
import dev.fivenines.edge.admission.AdmissionAdmin;
import dev.fivenines.web.AdminToken;
import dev.fivenines.inventory.sql.HoldExpiryReaper;
import dev.fivenines.inventory.sql.PgStockLedger;
import dev.fivenines.node.config.ClusterConfig;
import dev.fivenines.edge.admission.AdmissionFilter;
import dev.fivenines.web.server.NodeServer;
import dev.fivenines.edge.admission.AdmissionMeters;
import dev.fivenines.edge.config.Traffic;
import dev.fivenines.web.server.Meters;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The shop: catalog, carts, checkout, orders and payments over PostgreSQL, its outbox relay, and
 * the consumers that move orders along (shipments) and commit stock holds (placed orders).
 */
public final class ShopRole implements Role {
    /** Consumer group that applies shipment events to orders. */
    public static final String ORDER_PROGRESS_CONSUMER = "shop-order-progress";
    /** Consumer group that commits the stock hold of each placed order. */
    public static final String INVENTORY_COMMIT_CONSUMER = "shop-inventory-commit";
    private static final Duration REAPER_INTERVAL = Duration.ofSeconds(5);
    private static final int REAPER_BATCH = 500;

    @Override
    public String name() {
        return "shop";
    }

    @Override
    public AutoCloseable configure(RoleContext ctx, NodeServer server) {
        ClusterConfig.Shop cfg = ctx.config().shop();
        Closer closer = new Closer();
        Database db = closer.add(Database.connect(ctx.dbSettings(), ctx.instanceName()));
        // Breaker outside the spans: a call the open breaker refuses never reached the ledger.
        InventoryClient ledger = new GuardedInventoryClient(
                new TracedInventoryClient(ledger(ctx, db, closer), ctx.tracing().tracer()), ctx.clock());
        ledger.useBoundedReadPolicy(BoundedReadPolicy.forInstance(ctx.instance())); // shop k reads badges at replica k

        var simulated = SimulatedPaymentProvider.create(cfg.paymentLatencyMillis(), cfg.paymentFailureRate(), ctx.instance());
        GuardedPaymentProvider payments = closer.add(GuardedPaymentProvider.create(
                new TracedPaymentProvider(simulated, ctx.tracing().tracer()), Duration.ofMillis(cfg.paymentTimeoutMillis()),
                GuardedPaymentProvider.DEFAULT_OPEN_WAIT, ctx.clock()));

        RecommendationSource recommendations = recommendationSource(ctx, cfg, closer);
        ShopServices services = closer.add(ShopServices.create(db, ledger, payments, recommendations,
                SqlOutbox.withGlobalPropagator("/fivenines/shop", ctx.ids()), ctx.clock(), ctx.ids(), pendingPolicy(cfg),
                cfg.stockBadgeStaleness()));
        services.startBackground();
        holdReleaseMeters(services.holdReleases());

        closer.add(EventWiring.relay(ctx, db));
        closer.add(EventWiring.consumer(ctx, db, ORDER_PROGRESS_CONSUMER, List.of(Topics.SHIPMENTS),
                services.orderEventsHandler()));
        closer.add(EventWiring.consumer(ctx, db, INVENTORY_COMMIT_CONSUMER, List.of(Topics.ORDERS),
                services.inventoryCommitHandler()));
        AdmissionFilter admission = admission(ctx);
        server.filter(admission);
        server.routes(routing -> AdmissionAdmin.routes(routing, new AdminToken(ctx.adminToken()), admission.controller()));
        server.api(services.apiServices());
        server.readiness("database", db::isReachable);
        return closer;
    }

    /** Hold releases that failed at checkout and are retried in the background, on {@code /metrics}. */
    private static void holdReleaseMeters(HoldReleaseRetrier retrier) {
        Meters meters = new Meters(Metrics.globalRegistry());
        meters.counter("fivenines.checkout.hold.releases.released", "queued hold releases the ledger accepted", retrier,
                HoldReleaseRetrier::releasedCount, List.of());
        meters.counter("fivenines.checkout.hold.releases.retried", "queued hold releases that failed and were scheduled again",
                retrier, HoldReleaseRetrier::retriedCount, List.of());
        meters.counter("fivenines.checkout.hold.releases.gave.up", "queued hold releases given up (the hold expires by its TTL)",
                retrier, HoldReleaseRetrier::gaveUpCount, List.of());
        meters.counter("fivenines.checkout.hold.releases.taken.over", "kept holds a retry with the same key reused",
                retrier, HoldReleaseRetrier::takenOverCount, List.of());
    }

    /** Pending payments within the configured risk limit; 0 orders turns the degradation off. */
    static PendingPaymentPolicy pendingPolicy(ClusterConfig.Shop cfg) {
        if (cfg.pendingPaymentsMaxOrders() == 0) {
            return PendingPaymentPolicy.DISABLED;
        }
        return PendingPaymentPolicy.of(cfg.pendingPaymentsMaxOrders(),
                new Money(cfg.pendingPaymentsMaxAmountMinor(), cfg.currency()),
                new Money(cfg.pendingPaymentsMaxOrderMinor(), cfg.currency()));
    }

    /**
     * Each shop guards itself with its own adaptive limit, partitioned by the class the edge put in
     * X-Criticality: a shop reached by another path, or overloaded behind a healthy edge, still sheds
     * browsing before checkout.
     */
    private static AdmissionFilter admission(RoleContext ctx) {
        Traffic traffic = ctx.config().traffic();
        AdmissionController controller = AdmissionAdmin.controller(traffic, System::nanoTime);
        AdmissionMeters.register(Metrics.globalRegistry(), "self", controller);
        return new AdmissionFilter(controller, traffic.classifier());
    }

    /**
     * The Raft ledger when the topology has inventory instances; otherwise the interim PostgreSQL
     * ledger, kept as the benchmark baseline and for single-process set-ups.
     */
    private static InventoryClient ledger(RoleContext ctx, Database db, Closer closer) {
        if (ctx.config().instances(InventoryRole.NAME) > 0) {
            return closer.add(InventoryRole.client(ctx));
        }
        closer.add(HoldExpiryReaper.start(db, ctx.clock(), REAPER_BATCH, REAPER_INTERVAL));
        return new PgStockLedger(db, ctx.clock());
    }

    private static RecommendationSource recommendationSource(RoleContext ctx, ClusterConfig.Shop cfg, Closer closer) {
        List<String> urls = ctx.urlsOf("recommendations");
        if (urls.isEmpty()) {
            return (product, limit) -> {
                throw new IllegalStateException("no recommendations instance in this topology");
            };
        }
        // One instance locally; the product page's deadline and top-seller fallback cover its failures.
        RecommendationsHttpClient client = closer.add(new RecommendationsHttpClient(URI.create(urls.get(0)),
                Duration.ofMillis(cfg.recommendationsTimeoutMillis())));
        return client::recommend;
    }
}
