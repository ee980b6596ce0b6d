package dev.fivenines.commerce.replenishment;

import dev.fivenines.base.Ids;
import dev.fivenines.events.Outbox;
import dev.fivenines.events.Topics;
import dev.fivenines.db.Database;
import dev.fivenines.web.ApiService;

import java.time.Clock;
import java.util.List;

/**
 * Composition root of replenishment. The role wires {@link #replenishmentHandler()} to an idempotent
 * consumer named {@link #REPLENISHMENT_CONSUMER} and {@link #restockHandler()} to one named
 * {@link #RESTOCK_CONSUMER}, both on {@link #TOPICS}; registers {@link #api()} under {@code /api/v1};
 * starts {@link #scheduler()}; and closes this on shutdown.
 *
 * <p>Two consumers rather than one: a ledger outage then stalls only restocks, not the ordering of
 * new stock, and each keeps its own retries and dead letters.
 */
public final class ReplenishmentServices implements AutoCloseable {
    public static final String REPLENISHMENT_CONSUMER = "replenishment";
    public static final String RESTOCK_CONSUMER = "restock";
    public static final List<String> TOPICS = List.of(Topics.INVENTORY);

    private final ReplenishmentHandler replenishmentHandler;
    private final RestockHandler restockHandler;
    private final ReplenishmentScheduler scheduler;
    private final PurchaseOrdersApi api;

    private ReplenishmentServices(ReplenishmentHandler replenishmentHandler, RestockHandler restockHandler,
                                  ReplenishmentScheduler scheduler, PurchaseOrdersApi api) {
        this.replenishmentHandler = replenishmentHandler;
        this.restockHandler = restockHandler;
        this.scheduler = scheduler;
        this.api = api;
    }

    /** Builds the parts; starts nothing (call {@code scheduler().start()}). */
    public static ReplenishmentServices create(Database db, Outbox outbox, Clock clock, Ids ids, Supplier supplier,
                                               Restocker restocker, ReplenishmentConfig config) {
        PurchaseOrderStore store = new PurchaseOrderStore();
        return new ReplenishmentServices(
                new ReplenishmentHandler(store, clock, ids, config.defaultReorderUnits()),
                new RestockHandler(restocker),
                new ReplenishmentScheduler(db, store, outbox, clock, supplier, config),
                new PurchaseOrdersApi(db, store));
    }

    public ReplenishmentHandler replenishmentHandler() {
        return replenishmentHandler;
    }

    public RestockHandler restockHandler() {
        return restockHandler;
    }

    public ReplenishmentScheduler scheduler() {
        return scheduler;
    }

    public ApiService api() {
        return api;
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
