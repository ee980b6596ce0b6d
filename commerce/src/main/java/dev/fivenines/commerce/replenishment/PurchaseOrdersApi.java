package dev.fivenines.commerce.replenishment;

import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import dev.fivenines.commerce.http.Reads;
import dev.fivenines.db.Database;
import dev.fivenines.web.ApiRoutes;
import dev.fivenines.web.ApiService;
import dev.fivenines.web.Http;
import dev.fivenines.web.Validation;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/v1/purchase-orders?sku=&limit=} (newest first, bounded) and
 * {@code GET /api/v1/purchase-orders/{poId}} (with its receipts).
 */
public final class PurchaseOrdersApi implements ApiService {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final int MAX_PO_ID_LENGTH = 64;

    /** What a client sees of a shipment received against an order. */
    public record ReceiptView(String receiptId, int shipmentNo, int units, Instant receivedAt) {
    }

    /** What a client sees of a purchase order. */
    public record PurchaseOrderView(String poId, String sku, long episode, int unitsOrdered, int unitsReceived,
                                    String status, int sendAttempts, Instant expectedAt, String failureReason,
                                    Instant createdAt, Instant updatedAt, List<ReceiptView> receipts) {
        static PurchaseOrderView of(PurchaseOrder po, List<ReceiptView> receipts) {
            return new PurchaseOrderView(po.poId(), po.sku(), po.episode(), po.unitsOrdered(), po.unitsReceived(),
                    po.status().name(), po.sendAttempts(), po.expectedAt(), po.failureReason(), po.createdAt(),
                    po.updatedAt(), receipts);
        }
    }

    /** The list response. */
    public record PurchaseOrderList(List<PurchaseOrderView> items, int limit) {
    }

    private final Database db;
    private final PurchaseOrderStore store;

    PurchaseOrdersApi(Database db, PurchaseOrderStore store) {
        this.db = db;
        this.store = store;
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/purchase-orders", this::list);
        routes.get("/purchase-orders/{poId}", this::get);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Optional<String> sku = Http.query(req, "sku");
        sku.ifPresent(s -> new Validation().notBlank(s, "sku", ReplenishmentHandler.MAX_SKU_LENGTH).throwIfInvalid());
        int limit = Http.intQuery(req, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        List<PurchaseOrderView> items = read(c -> store.listNewest(c, sku.orElse(null), limit).stream()
                .map(po -> PurchaseOrderView.of(po, List.of())).toList());
        Http.json(res, 200, new PurchaseOrderList(items, limit));
    }

    private void get(ServerRequest req, ServerResponse res) {
        String poId = req.path().pathParameters().get("poId");
        new Validation().notBlank(poId, "poId", MAX_PO_ID_LENGTH).throwIfInvalid();
        PurchaseOrderView view = read(c -> {
            Optional<PurchaseOrder> po = store.find(c, poId);
            if (po.isEmpty()) {
                return null;
            }
            List<ReceiptView> receipts = store.receipts(c, poId).stream()
                    .map(r -> new ReceiptView(r.receiptId(), r.shipmentNo(), r.units(), r.receivedAt())).toList();
            return PurchaseOrderView.of(po.get(), receipts);
        });
        if (view == null) {
            throw new ProblemException(Problem.notFound("purchase order", poId));
        }
        Http.json(res, 200, view);
    }

    private <T> T read(Database.TxWork<T> work) {
        return Reads.orUnavailable(db, "purchase orders", work);
    }
}
