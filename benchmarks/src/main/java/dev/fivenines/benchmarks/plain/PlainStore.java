package dev.fivenines.benchmarks.plain;

import dev.fivenines.commerce.catalog.CatalogSeeder;
import dev.fivenines.commerce.catalog.Product;
import dev.fivenines.commerce.catalog.ProductQuery;
import dev.fivenines.commerce.payment.PaymentProvider;
import dev.fivenines.commerce.payment.PaymentResult;
import dev.fivenines.base.Money;
import dev.fivenines.db.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The plain shop's tables and SQL: products with their stock column, carts, orders. Checkout is one
 * transaction that claims the idempotency key, takes the stock with a conditional UPDATE, asks the
 * payment provider and writes the order, the way a shop on one database usually does it.
 */
final class PlainStore {
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS plain_products (
              id text PRIMARY KEY, name text NOT NULL, description text NOT NULL, category text NOT NULL,
              price_minor bigint NOT NULL, currency text NOT NULL, available int NOT NULL CHECK (available >= 0));
            CREATE INDEX IF NOT EXISTS plain_products_by_category ON plain_products (category, id);
            CREATE TABLE IF NOT EXISTS plain_carts (id uuid PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE IF NOT EXISTS plain_cart_lines (
              cart_id uuid NOT NULL REFERENCES plain_carts (id), product_id text NOT NULL REFERENCES plain_products (id),
              quantity int NOT NULL CHECK (quantity > 0), PRIMARY KEY (cart_id, product_id));
            CREATE TABLE IF NOT EXISTS plain_orders (
              id uuid PRIMARY KEY, idempotency_key text NOT NULL UNIQUE, access_token text NOT NULL, email text NOT NULL,
              status text NOT NULL, total_minor bigint NOT NULL, currency text NOT NULL,
              created_at timestamptz NOT NULL DEFAULT now());
            CREATE INDEX IF NOT EXISTS plain_orders_to_ship ON plain_orders (created_at) WHERE status = 'PAID';
            CREATE TABLE IF NOT EXISTS plain_order_lines (
              order_id uuid NOT NULL REFERENCES plain_orders (id), product_id text NOT NULL, quantity int NOT NULL,
              unit_minor bigint NOT NULL, PRIMARY KEY (order_id, product_id));
            """;

    record Line(String productId, int quantity, long unitMinor) {
    }

    record Order(UUID id, String status, String accessToken, long totalMinor, String currency, List<Line> lines) {
    }

    record Page(List<Product> items, long total) {
    }

    /** What a checkout came to; exactly one of the fields says it. */
    sealed interface Outcome {
        record Placed(Order order, boolean replayed) implements Outcome {
        }

        record Refused(int status, String type, String detail) implements Outcome {
        }
    }

    private final Database db;
    private final PaymentProvider payments;

    PlainStore(Database db, PaymentProvider payments) {
        this.db = db;
        this.payments = payments;
    }

    void createSchema() {
        db.inTransaction(tx -> {
            try (var s = tx.createStatement()) {
                s.execute(SCHEMA);
            }
            return null;
        });
    }

    /** Products 1..n of the demo catalogue (the one fivenines seeds), {@code units} each, unless present. */
    int seed(int products, int units) {
        return db.inTransaction(tx -> {
            try (PreparedStatement count = tx.prepareStatement("SELECT count(*) FROM plain_products");
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                if (rs.getLong(1) >= products) {
                    return 0;
                }
            }
            try (PreparedStatement insert = tx.prepareStatement("""
                    INSERT INTO plain_products (id, name, description, category, price_minor, currency, available)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""")) {
                for (int i = 1; i <= products; i++) {
                    Product p = CatalogSeeder.product(i);
                    insert.setString(1, p.id());
                    insert.setString(2, p.name());
                    insert.setString(3, p.description());
                    insert.setString(4, p.category());
                    insert.setLong(5, p.price().minorUnits());
                    insert.setString(6, p.price().currency());
                    insert.setInt(7, units);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return products;
        });
    }

    Page list(int page, int size, String category, String query) {
        return db.inTransaction(tx -> {
            StringBuilder where = new StringBuilder(" WHERE true");
            List<String> args = new ArrayList<>();
            if (category != null) {
                where.append(" AND category = ?");
                args.add(category);
            }
            if (query != null) {
                where.append(" AND (name ILIKE ? ESCAPE '\\' OR description ILIKE ? ESCAPE '\\')");
                String like = ProductQuery.containsPattern(query);
                args.add(like);
                args.add(like);
            }
            long total;
            try (PreparedStatement count = tx.prepareStatement("SELECT count(*) FROM plain_products" + where)) {
                bind(count, args);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Product> items = new ArrayList<>();
            try (PreparedStatement select = tx.prepareStatement("SELECT id, name, description, category, price_minor, currency"
                    + " FROM plain_products" + where + " ORDER BY id LIMIT ? OFFSET ?")) {
                bind(select, args);
                select.setInt(args.size() + 1, size);
                select.setLong(args.size() + 2, (long) page * size);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        items.add(product(rs));
                    }
                }
            }
            return new Page(items, total);
        });
    }

    /** The product and its available units. */
    Optional<ProductWithStock> product(String id) {
        return db.inTransaction(tx -> {
            try (PreparedStatement select = tx.prepareStatement(
                    "SELECT id, name, description, category, price_minor, currency, available FROM plain_products WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(new ProductWithStock(product(rs), rs.getInt(7))) : Optional.empty();
                }
            }
        });
    }

    record ProductWithStock(Product product, int available) {
    }

    UUID createCart() {
        UUID id = UUID.randomUUID();
        db.inTransaction(tx -> {
            try (PreparedStatement insert = tx.prepareStatement("INSERT INTO plain_carts (id) VALUES (?)")) {
                insert.setObject(1, id);
                insert.executeUpdate();
            }
            return null;
        });
        return id;
    }

    /** Adds to the line; empty when the cart or the product does not exist. */
    Optional<List<Line>> addLine(UUID cart, String productId, int quantity) {
        return db.inTransaction(tx -> {
            try (PreparedStatement exists = tx.prepareStatement("""
                    SELECT (SELECT count(*) FROM plain_carts WHERE id = ?), (SELECT count(*) FROM plain_products WHERE id = ?)""")) {
                exists.setObject(1, cart);
                exists.setString(2, productId);
                try (ResultSet rs = exists.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 0 || rs.getInt(2) == 0) {
                        return Optional.empty();
                    }
                }
            }
            try (PreparedStatement upsert = tx.prepareStatement("""
                    INSERT INTO plain_cart_lines (cart_id, product_id, quantity) VALUES (?, ?, ?)
                    ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = plain_cart_lines.quantity + EXCLUDED.quantity""")) {
                upsert.setObject(1, cart);
                upsert.setString(2, productId);
                upsert.setInt(3, quantity);
                upsert.executeUpdate();
            }
            return Optional.of(cartLines(tx, cart));
        });
    }

    Outcome checkout(UUID cart, String email, String idempotencyKey) {
        return db.inTransaction(tx -> {
            List<Line> lines = cartLines(tx, cart);
            if (lines.isEmpty()) {
                return new Outcome.Refused(409, "/problems/empty-cart", "cart " + cart + " is empty or does not exist");
            }
            long total = 0;
            for (Line l : lines) {
                total = Math.addExact(total, Math.multiplyExact(l.unitMinor(), l.quantity()));
            }
            UUID orderId = UUID.randomUUID();
            String token = UUID.randomUUID().toString();
            try (PreparedStatement claim = tx.prepareStatement("""
                    INSERT INTO plain_orders (id, idempotency_key, access_token, email, status, total_minor, currency)
                    VALUES (?, ?, ?, ?, 'PAID', ?, ?) ON CONFLICT (idempotency_key) DO NOTHING""")) {
                claim.setObject(1, orderId);
                claim.setString(2, idempotencyKey);
                claim.setString(3, token);
                claim.setString(4, email);
                claim.setLong(5, total);
                claim.setString(6, CatalogSeeder.CURRENCY);
                if (claim.executeUpdate() == 0) {
                    // The key's first checkout committed (the insert waited for it): answer what it answered.
                    return new Outcome.Placed(orderByKey(tx, idempotencyKey), true);
                }
            }
            // In SKU order, so two checkouts never wait on each other's rows in a cycle.
            try (PreparedStatement take = tx.prepareStatement(
                    "UPDATE plain_products SET available = available - ? WHERE id = ? AND available >= ?")) {
                for (Line l : lines) {
                    take.setInt(1, l.quantity());
                    take.setString(2, l.productId());
                    take.setInt(3, l.quantity());
                    if (take.executeUpdate() == 0) {
                        tx.rollback();
                        return new Outcome.Refused(409, "/problems/out-of-stock", l.productId() + " has fewer than "
                                + l.quantity() + " units left");
                    }
                }
            }
            PaymentResult paid = payments.authorize(orderId, new Money(total, CatalogSeeder.CURRENCY), idempotencyKey, email);
            if (paid instanceof PaymentResult.Declined declined) {
                tx.rollback();
                return new Outcome.Refused(402, "/problems/payment-declined", declined.reason());
            }
            try (PreparedStatement insert = tx.prepareStatement(
                    "INSERT INTO plain_order_lines (order_id, product_id, quantity, unit_minor) VALUES (?, ?, ?, ?)")) {
                for (Line l : lines) {
                    insert.setObject(1, orderId);
                    insert.setString(2, l.productId());
                    insert.setInt(3, l.quantity());
                    insert.setLong(4, l.unitMinor());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return new Outcome.Placed(new Order(orderId, "PAID", token, total, CatalogSeeder.CURRENCY, lines), false);
        });
    }

    /** The order, if the token is its own. */
    Optional<Order> order(UUID id, String token) {
        return db.inTransaction(tx -> {
            try (PreparedStatement select = tx.prepareStatement(
                    "SELECT status, access_token, total_minor, currency FROM plain_orders WHERE id = ? AND access_token = ?")) {
                select.setObject(1, id);
                select.setString(2, token);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Order(id, rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            orderLines(tx, id)));
                }
            }
        });
    }

    /** Ships up to {@code limit} paid orders, oldest first; returns how many. */
    int shipPaid(int limit) {
        return db.inTransaction(tx -> {
            try (PreparedStatement ship = tx.prepareStatement("""
                    UPDATE plain_orders SET status = 'SHIPPED' WHERE id IN (
                      SELECT id FROM plain_orders WHERE status = 'PAID' ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)""")) {
                ship.setInt(1, limit);
                return ship.executeUpdate();
            }
        });
    }

    private static Order orderByKey(Connection tx, String key) throws SQLException {
        try (PreparedStatement select = tx.prepareStatement(
                "SELECT id, status, access_token, total_minor, currency FROM plain_orders WHERE idempotency_key = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("order of idempotency key " + key + " vanished");
                }
                UUID id = rs.getObject(1, UUID.class);
                return new Order(id, rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), orderLines(tx, id));
            }
        }
    }

    private static List<Line> cartLines(Connection tx, UUID cart) throws SQLException {
        try (PreparedStatement select = tx.prepareStatement("""
                SELECT l.product_id, l.quantity, p.price_minor FROM plain_cart_lines l JOIN plain_products p ON p.id = l.product_id
                WHERE l.cart_id = ? ORDER BY l.product_id""")) {
            select.setObject(1, cart);
            return lines(select);
        }
    }

    private static List<Line> orderLines(Connection tx, UUID order) throws SQLException {
        try (PreparedStatement select = tx.prepareStatement(
                "SELECT product_id, quantity, unit_minor FROM plain_order_lines WHERE order_id = ? ORDER BY product_id")) {
            select.setObject(1, order);
            return lines(select);
        }
    }

    private static List<Line> lines(PreparedStatement select) throws SQLException {
        List<Line> lines = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                lines.add(new Line(rs.getString(1), rs.getInt(2), rs.getLong(3)));
            }
        }
        return lines;
    }

    private static Product product(ResultSet rs) throws SQLException {
        return new Product(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                new Money(rs.getLong(5), rs.getString(6)));
    }

    private static void bind(PreparedStatement statement, List<String> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            statement.setString(i + 1, args.get(i));
        }
    }
}
