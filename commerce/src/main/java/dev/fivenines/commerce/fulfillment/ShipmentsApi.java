package dev.fivenines.commerce.fulfillment;

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

/** {@code GET /api/v1/shipments/{orderId}}: where an order's shipment is. */
public final class ShipmentsApi implements ApiService {
    /** What a client sees of a shipment. */
    public record ShipmentView(String shipmentId, String orderId, String status, String carrier,
                               String trackingNumber, Instant shippedAt, Instant deliveredAt) {
        static ShipmentView of(Shipment s) {
            return new ShipmentView(s.shipmentId(), s.orderId(), s.status().name(), s.carrier(), s.trackingNumber(),
                    s.shippedAt(), s.deliveredAt());
        }
    }

    private final Database db;
    private final ShipmentStore store;

    ShipmentsApi(Database db, ShipmentStore store) {
        this.db = db;
        this.store = store;
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/shipments/{orderId}", this::get);
    }

    private void get(ServerRequest req, ServerResponse res) {
        String orderId = req.path().pathParameters().get("orderId");
        new Validation().notBlank(orderId, "orderId", FulfillmentHandler.MAX_ORDER_ID_LENGTH).throwIfInvalid();
        Shipment shipment = Reads.statementsOrUnavailable(db, "shipments", c -> store.findByOrder(c, orderId))
                .orElseThrow(() -> new ProblemException(Problem.notFound("shipment of order", orderId)));
        Http.json(res, 200, ShipmentView.of(shipment));
    }
}
