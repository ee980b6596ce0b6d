package dev.fivenines.commerce.cart;

import dev.fivenines.commerce.payloads.MoneyJson;
import dev.fivenines.commerce.http.PathIds;
import dev.fivenines.web.ApiRoutes;
import dev.fivenines.web.ApiService;
import dev.fivenines.web.Http;
import dev.fivenines.web.Validation;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.UUID;

import static dev.fivenines.commerce.http.Guard.guard;

/** Carts: create, read, add/set/remove lines. */
public final class CartApi implements ApiService {
    public record CartView(String id, List<Line> lines, int itemCount, MoneyJson total) {
        public record Line(String productId, String name, int quantity, MoneyJson unitPrice, MoneyJson lineTotal) {
        }

        static CartView of(Cart cart) {
            return new CartView(cart.id().toString(), cart.lines().stream().map(l -> new Line(l.productId(), l.name(),
                    l.quantity(), MoneyJson.of(l.unitPrice()), MoneyJson.of(l.lineTotal()))).toList(),
                    cart.itemCount(), MoneyJson.of(cart.total()));
        }
    }

    public record AddLineRequest(String productId, Integer quantity) {
    }

    public record SetLineRequest(Integer quantity) {
    }

    private final CartService carts;

    public CartApi(CartService carts) {
        this.carts = carts;
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.post("/carts", guard(this::create))
                .get("/carts/{cartId}", guard(this::get))
                .post("/carts/{cartId}/lines", guard(this::addLine))
                .put("/carts/{cartId}/lines/{productId}", guard(this::setLine))
                .delete("/carts/{cartId}/lines/{productId}", guard(this::removeLine));
    }

    private void create(ServerRequest req, ServerResponse res) {
        // A body is not expected; one that is there must still be within bounds (and is ignored).
        if (req.content().hasEntity()) {
            Http.readBody(req, Http.MAX_BODY_BYTES);
        }
        Cart cart = carts.create();
        res.header(HeaderNames.LOCATION, ApiRoutes.PREFIX + "/carts/" + cart.id());
        Http.json(res, 201, CartView.of(cart));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Http.json(res, 200, CartView.of(carts.get(PathIds.uuid(req, "cartId", "cart"))));
    }

    private void addLine(ServerRequest req, ServerResponse res) {
        UUID cartId = PathIds.uuid(req, "cartId", "cart");
        AddLineRequest body = Http.readJson(req, AddLineRequest.class);
        new Validation()
                .notBlank(body.productId(), "productId", PathIds.MAX_PRODUCT_ID_LENGTH)
                .inRange(body.quantity(), "quantity", CartRules.MIN_QUANTITY, CartRules.MAX_QUANTITY)
                .throwIfInvalid();
        String productId = body.productId();
        if (!PathIds.isProductId(productId)) {
            throw new dev.fivenines.base.ProblemException(dev.fivenines.base.Problem.notFound("product", productId));
        }
        Http.json(res, 200, CartView.of(carts.addLine(cartId, productId, body.quantity())));
    }

    private void setLine(ServerRequest req, ServerResponse res) {
        UUID cartId = PathIds.uuid(req, "cartId", "cart");
        String productId = PathIds.productId(req, "productId");
        SetLineRequest body = Http.readJson(req, SetLineRequest.class);
        new Validation().inRange(body.quantity(), "quantity", CartRules.MIN_QUANTITY, CartRules.MAX_QUANTITY).throwIfInvalid();
        Http.json(res, 200, CartView.of(carts.setLine(cartId, productId, body.quantity())));
    }

    private void removeLine(ServerRequest req, ServerResponse res) {
        UUID cartId = PathIds.uuid(req, "cartId", "cart");
        String productId = PathIds.productId(req, "productId");
        Http.json(res, 200, CartView.of(carts.removeLine(cartId, productId)));
    }
}
