package dev.fivenines.commerce.shop;

import dev.fivenines.base.Ids;
import dev.fivenines.commerce.cart.CartApi;
import dev.fivenines.commerce.cart.CartService;
import dev.fivenines.commerce.catalog.CatalogApi;
import dev.fivenines.commerce.catalog.CatalogRepository;
import dev.fivenines.commerce.catalog.ProductRecommendations;
import dev.fivenines.commerce.catalog.RecommendationSource;
import dev.fivenines.commerce.catalog.StockBadge;
import dev.fivenines.commerce.catalog.TopSellers;
import dev.fivenines.commerce.checkout.CheckoutApi;
import dev.fivenines.commerce.checkout.CheckoutService;
import dev.fivenines.commerce.checkout.HoldReleaseRetrier;
import dev.fivenines.commerce.checkout.PendingHoldReleases;
import dev.fivenines.commerce.checkout.PendingPaymentCapturer;
import dev.fivenines.commerce.http.OpenApiDocument;
import dev.fivenines.commerce.idempotency.IdempotencyStore;
import dev.fivenines.commerce.order.InventoryCommitHandler;
import dev.fivenines.commerce.order.OrderApi;
import dev.fivenines.commerce.order.OrderEventsHandler;
import dev.fivenines.commerce.order.OrderService;
import dev.fivenines.commerce.order.OrderTokens;
import dev.fivenines.commerce.payment.GuardedPaymentProvider;
import dev.fivenines.commerce.payment.PendingPaymentPolicy;
import dev.fivenines.commerce.payment.PaymentProvider;
import dev.fivenines.events.Outbox;
import dev.fivenines.db.Database;
import dev.fivenines.inventory.InventoryClient;
import dev.fivenines.web.ApiRoutes;
import dev.fivenines.web.ApiService;
import dev.fivenines.web.ProblemHandlers;
import io.helidon.webserver.http.HttpRouting;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The shop role's parts, wired in one place: the HTTP API services (catalog, carts, checkout,
 * orders, the OpenAPI document) and the two event handlers the role runs in idempotent consumers
 * ({@link #orderEventsHandler()} on {@code fivenines.shipments}, {@link #inventoryCommitHandler()}
 * on {@code fivenines.orders}). Close it when the role stops.
 */
public final class ShopServices implements AutoCloseable {
    private final List<ApiService> apiServices;
    private final OrderEventsHandler orderEvents;
    private final InventoryCommitHandler inventoryCommit;
    private final CheckoutService checkout;
    private final CartService carts;
    private final OrderService orders;
    /** Closed with the shop only when the shop made it (a caller's own guard is the caller's to close). */
    private final GuardedPaymentProvider ownedPayments;
    private final ProductRecommendations recommendations;
    /** Null when pending payments are disabled. */
    private final PendingPaymentCapturer capturer;
    private final HoldReleaseRetrier holdReleases;

    private ShopServices(List<ApiService> apiServices, OrderEventsHandler orderEvents, InventoryCommitHandler inventoryCommit,
                         CheckoutService checkout, CartService carts, OrderService orders, GuardedPaymentProvider ownedPayments,
                         ProductRecommendations recommendations, PendingPaymentCapturer capturer, HoldReleaseRetrier holdReleases) {
        this.capturer = capturer;
        this.holdReleases = holdReleases;
        this.apiServices = apiServices;
        this.orderEvents = orderEvents;
        this.inventoryCommit = inventoryCommit;
        this.checkout = checkout;
        this.carts = carts;
        this.orders = orders;
        this.ownedPayments = ownedPayments;
        this.recommendations = recommendations;
    }

    /**
     * Wires the shop. {@code payments} is put behind a deadline and a circuit breaker
     * ({@link GuardedPaymentProvider#create(PaymentProvider, Clock)}) unless it already is one;
     * {@code recommendations} is called with a {@link ProductRecommendations#DEFAULT_DEADLINE}
     * deadline and falls back to top sellers.
     */
    public static ShopServices create(Database db, InventoryClient inventory, PaymentProvider payments,
                                      RecommendationSource recommendations, Outbox outbox, Clock clock, Ids ids) {
        return create(db, inventory, payments, recommendations, outbox, clock, ids, PendingPaymentPolicy.DISABLED);
    }

    /**
     * As above, and with {@code pendingPolicy} other than DISABLED: while the payment provider is
     * down, checkout places orders with payment PENDING within that risk limit, and a background
     * capturer ({@link #startBackground()}) authorizes them when the provider is back.
     */
    public static ShopServices create(Database db, InventoryClient inventory, PaymentProvider payments,
                                      RecommendationSource recommendations, Outbox outbox, Clock clock, Ids ids,
                                      PendingPaymentPolicy pendingPolicy) {
        return create(db, inventory, payments, recommendations, outbox, clock, ids, pendingPolicy, StockBadge.DEFAULT_MAX_STALENESS);
    }

    /**
     * As above; the product page's stock badge reads with {@code stockBadgeStaleness} as its bound
     * (checkout always reads strong).
     */
    public static ShopServices create(Database db, InventoryClient inventory, PaymentProvider payments,
                                      RecommendationSource recommendations, Outbox outbox, Clock clock, Ids ids,
                                      PendingPaymentPolicy pendingPolicy, java.time.Duration stockBadgeStaleness) {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(payments, "payments");
        Objects.requireNonNull(recommendations, "recommendations");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ids, "ids");
        GuardedPaymentProvider guarded = payments instanceof GuardedPaymentProvider g ? g : GuardedPaymentProvider.create(payments, clock);
        CatalogRepository catalog = new CatalogRepository(db);
        TopSellers topSellers = new TopSellers(db, clock, TopSellers.DEFAULT_TTL);
        ProductRecommendations suggestions = new ProductRecommendations(recommendations, topSellers::productIds,
                catalog::findAll, ProductRecommendations.DEFAULT_DEADLINE, clock);
        CartService carts = new CartService(db, clock, ids);
        IdempotencyStore keys = new IdempotencyStore(db, clock, IdempotencyStore.DEFAULT_LOCK);
        PendingHoldReleases pendingReleases = new PendingHoldReleases(db, clock, PendingHoldReleases.Config.DEFAULT);
        CheckoutService checkout = new CheckoutService(db, inventory, guarded, outbox, keys, clock, ids, pendingPolicy,
                pendingReleases, OrderTokens.secure());
        // Jitter only spreads the retries of several shops; its seed does not matter.
        HoldReleaseRetrier holdReleases = new HoldReleaseRetrier(pendingReleases, db, keys, inventory, clock, ids,
                new java.util.SplittableRandom());
        PendingPaymentCapturer capturer = pendingPolicy == PendingPaymentPolicy.DISABLED ? null
                : new PendingPaymentCapturer(db, guarded, inventory, outbox, clock, PendingPaymentCapturer.Config.DEFAULT);
        OrderService orders = new OrderService(db, inventory, guarded, outbox, clock);
        List<ApiService> api = List.of(
                new CatalogApi(catalog, suggestions, new StockBadge(inventory, stockBadgeStaleness,
                        () -> java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(clock.millis()))),
                new CartApi(carts),
                new CheckoutApi(checkout),
                new OrderApi(orders),
                new OpenApiDocument());
        return new ShopServices(api, new OrderEventsHandler(guarded, clock), new InventoryCommitHandler(inventory),
                checkout, carts, orders, guarded == payments ? null : guarded, suggestions, capturer, holdReleases);
    }

    /**
     * Starts the background work: the retrier of hold releases that failed, and the pending-payment
     * capturer when pending payments are allowed.
     */
    public void startBackground() {
        holdReleases.start();
        if (capturer != null) {
            capturer.start();
        }
    }

    public List<ApiService> apiServices() {
        return apiServices;
    }

    /** For topic {@code fivenines.shipments}: OrderShipped captures and ships, OrderDelivered delivers. */
    public OrderEventsHandler orderEventsHandler() {
        return orderEvents;
    }

    /** For topic {@code fivenines.orders}: OrderPlaced commits the order's hold. */
    public InventoryCommitHandler inventoryCommitHandler() {
        return inventoryCommit;
    }

    /** Releases of stock holds that failed at checkout, retried in the background (for metrics and tests). */
    public HoldReleaseRetrier holdReleases() {
        return holdReleases;
    }

    public CheckoutService checkout() {
        return checkout;
    }

    public CartService carts() {
        return carts;
    }

    public OrderService orders() {
        return orders;
    }

    /**
     * Installs problem+json error handling and registers every shop route on {@code routing};
     * returns the registered routes. What a role's routing method (and the HTTP tests) call.
     */
    public List<ApiRoutes.Route> register(HttpRouting.Builder routing) {
        ProblemHandlers.install(routing);
        ApiRoutes routes = new ApiRoutes(routing);
        apiServices.forEach(service -> service.register(routes));
        return routes.routes();
    }

    @Override
    public void close() {
        holdReleases.close();
        if (capturer != null) {
            capturer.close();
        }
        recommendations.close();
        if (ownedPayments != null) {
            ownedPayments.close();
        }
    }
}
