package dev.fivenines.commerce.cart;

import dev.fivenines.base.Ids;
import dev.fivenines.base.Money;
import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import dev.fivenines.commerce.catalog.CatalogRepository;
import dev.fivenines.commerce.catalog.Product;
import dev.fivenines.db.Database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Carts in SQL (tables {@code carts}, {@code cart_lines}). Every change locks the cart row first, so
 * concurrent changes to one cart apply one after the other and the quantity rules see the truth.
 * Answers client mistakes with {@link ProblemException} (404 unknown, 409 checked out, 422 rule).
 */
public final class CartService {
    public static final String CURRENCY = "USD";

    private final Database db;
    private final Clock clock;
    private final Ids ids;

    public CartService(Database db, Clock clock, Ids ids) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
    }

    public Cart create() {
        UUID id = ids.next();
        Timestamp now = Timestamp.from(clock.instant());
        db.autocommit(c -> {
            try (var insert = c.prepareStatement(
                    "INSERT INTO carts (id, currency, status, created_at, updated_at) VALUES (?, ?, 'OPEN', ?, ?)")) {
                insert.setObject(1, id);
                insert.setString(2, CURRENCY);
                insert.setTimestamp(3, now);
                insert.setTimestamp(4, now);
                insert.executeUpdate();
            }
            return null;
        });
        return new Cart(id, CURRENCY, CartStatus.OPEN, List.of());
    }

    public Cart get(UUID cartId) {
        return db.autocommit(c -> load(c, cartId, false)).orElseThrow(() -> cartNotFound(cartId));
    }

    public Cart addLine(UUID cartId, String productId, int quantity) {
        return change(cartId, productId, (cart, product) -> CartRules.add(productId, cart.quantityOf(productId), quantity, cart.lines().size()));
    }

    public Cart setLine(UUID cartId, String productId, int quantity) {
        return change(cartId, productId, (cart, product) -> CartRules.set(cart.quantityOf(productId), quantity, cart.lines().size()));
    }

    public Cart removeLine(UUID cartId, String productId) {
        return db.inTransaction(tx -> {
            Cart cart = lockOpen(tx, cartId);
            if (cart.quantityOf(productId) == 0 && CatalogRepository.find(tx, productId).isEmpty()) {
                throw new ProblemException(Problem.notFound("product", productId));
            }
            // Removing a product that is not in the cart is a repeat of a removal: same answer.
            try (var delete = tx.prepareStatement("DELETE FROM cart_lines WHERE cart_id = ? AND product_id = ?")) {
                delete.setObject(1, cartId);
                delete.setString(2, productId);
                delete.executeUpdate();
            }
            touch(tx, cartId);
            return load(tx, cartId, false).orElseThrow();
        });
    }

    @FunctionalInterface
    private interface Rule {
        CartRules.QuantityCheck check(Cart cart, Product product);
    }

    private Cart change(UUID cartId, String productId, Rule rule) {
        return db.inTransaction(tx -> {
            Cart cart = lockOpen(tx, cartId);
            Product product = CatalogRepository.find(tx, productId)
                    .orElseThrow(() -> new ProblemException(Problem.notFound("product", productId)));
            if (!product.price().currency().equals(cart.currency())) {
                throw new ProblemException(Problem.of(422, "currency-mismatch", "Currency mismatch", "cart " + cartId
                        + " is in " + cart.currency() + " but product " + productId + " is sold in " + product.price().currency()));
            }
            int quantity = switch (rule.check(cart, product)) {
                case CartRules.QuantityCheck.Accepted accepted -> accepted.quantity();
                case CartRules.QuantityCheck.Rejected rejected ->
                        throw new ProblemException(Problem.of(422, "cart-limit", "Cart limit exceeded", rejected.reason()));
            };
            // The line and the cart's updated_at in one statement (one round trip).
            Timestamp now = Timestamp.from(clock.instant());
            try (var upsert = tx.prepareStatement("""
                    WITH touched AS (UPDATE carts SET updated_at = ? WHERE id = ?)
                    INSERT INTO cart_lines (cart_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity""")) {
                upsert.setTimestamp(1, now);
                upsert.setObject(2, cartId);
                upsert.setObject(3, cartId);
                upsert.setString(4, productId);
                upsert.setInt(5, quantity);
                upsert.setTimestamp(6, now);
                upsert.executeUpdate();
            }
            return load(tx, cartId, false).orElseThrow();
        });
    }

    private static Cart lockOpen(Connection tx, UUID cartId) throws SQLException {
        Cart cart = load(tx, cartId, true).orElseThrow(() -> cartNotFound(cartId));
        if (cart.status() != CartStatus.OPEN) {
            throw checkedOut(cartId);
        }
        return cart;
    }

    /**
     * The cart with its lines priced at current catalog prices; {@code lock} takes its row lock.
     * Unlocked, one statement. Locked, the lines are read after the lock in a statement of their own:
     * one that waited for the lock would see the lines as they were before the holder's change.
     */
    public static Optional<Cart> load(Connection tx, UUID cartId, boolean lock) throws SQLException {
        if (!lock) {
            return loadUnlocked(tx, cartId);
        }
        Optional<CartStatus> status = Optional.empty();
        String currency = null;
        try (var select = tx.prepareStatement("SELECT currency, status FROM carts WHERE id = ? FOR UPDATE")) {
            select.setObject(1, cartId);
            try (var rs = select.executeQuery()) {
                if (rs.next()) {
                    currency = rs.getString(1);
                    status = Optional.of(CartStatus.valueOf(rs.getString(2)));
                }
            }
        }
        if (status.isEmpty()) {
            return Optional.empty();
        }
        List<CartLine> lines = new ArrayList<>();
        try (var select = tx.prepareStatement("""
                SELECT l.product_id, p.name, l.quantity, p.price_minor, p.currency
                FROM cart_lines l JOIN products p ON p.id = l.product_id
                WHERE l.cart_id = ? ORDER BY l.added_at, l.product_id""")) {
            select.setObject(1, cartId);
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    lines.add(new CartLine(rs.getString(1), rs.getString(2), rs.getInt(3), new Money(rs.getLong(4), rs.getString(5))));
                }
            }
        }
        return Optional.of(new Cart(cartId, currency, status.get(), lines));
    }

    private static Optional<Cart> loadUnlocked(Connection c, UUID cartId) throws SQLException {
        try (var select = c.prepareStatement("""
                SELECT c.currency, c.status, l.product_id, p.name, l.quantity, p.price_minor, p.currency
                FROM carts c LEFT JOIN (cart_lines l JOIN products p ON p.id = l.product_id) ON l.cart_id = c.id
                WHERE c.id = ? ORDER BY l.added_at, l.product_id""")) {
            select.setObject(1, cartId);
            try (var rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String currency = rs.getString(1);
                CartStatus status = CartStatus.valueOf(rs.getString(2));
                List<CartLine> lines = new ArrayList<>();
                do {
                    if (rs.getString(3) != null) {
                        lines.add(new CartLine(rs.getString(3), rs.getString(4), rs.getInt(5), new Money(rs.getLong(6), rs.getString(7))));
                    }
                } while (rs.next());
                return Optional.of(new Cart(cartId, currency, status, lines));
            }
        }
    }

    /** The cart's status, its row locked until the transaction ends; empty for an unknown cart. */
    public static Optional<CartStatus> lockStatus(Connection tx, UUID cartId) throws SQLException {
        try (var select = tx.prepareStatement("SELECT status FROM carts WHERE id = ? FOR UPDATE")) {
            select.setObject(1, cartId);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Optional.of(CartStatus.valueOf(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** Freezes the cart as the source of {@code orderId}; false if it was no longer open. */
    public static boolean markCheckedOut(Connection tx, UUID cartId, UUID orderId, Timestamp now) throws SQLException {
        try (var update = tx.prepareStatement(
                "UPDATE carts SET status = 'CHECKED_OUT', order_id = ?, updated_at = ? WHERE id = ? AND status = 'OPEN'")) {
            update.setObject(1, orderId);
            update.setTimestamp(2, now);
            update.setObject(3, cartId);
            return update.executeUpdate() == 1;
        }
    }

    private void touch(Connection tx, UUID cartId) throws SQLException {
        try (var update = tx.prepareStatement("UPDATE carts SET updated_at = ? WHERE id = ?")) {
            update.setTimestamp(1, Timestamp.from(clock.instant()));
            update.setObject(2, cartId);
            update.executeUpdate();
        }
    }

    public static ProblemException cartNotFound(UUID cartId) {
        return new ProblemException(Problem.notFound("cart", cartId.toString()));
    }

    public static ProblemException checkedOut(UUID cartId) {
        return new ProblemException(Problem.conflict("cart-checked-out", "Cart already checked out",
                "cart " + cartId + " has already been checked out; create a new cart"));
    }
}
