package dev.fivenines.commerce.catalog;

import dev.fivenines.base.Money;
import dev.fivenines.db.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Products in SQL (table {@code products}). Read-only for the shop; the seeder writes. */
public final class CatalogRepository {
    /** Most categories listed; the seeded shop has about ten. */
    public static final int MAX_CATEGORIES = 1_000;
    private static final String COLUMNS = "id, name, description, category, price_minor, currency";

    private final Database db;

    public CatalogRepository(Database db) {
        this.db = db;
    }

    public ProductPage page(ProductQuery query) {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<String> params = new ArrayList<>();
        query.category().ifPresent(category -> {
            where.append(" AND category = ?");
            params.add(category);
        });
        query.text().ifPresent(text -> {
            where.append(" AND (name ILIKE ? ESCAPE '\\' OR description ILIKE ? ESCAPE '\\')");
            String pattern = ProductQuery.containsPattern(text);
            params.add(pattern);
            params.add(pattern);
        });
        return db.inTransaction(tx -> {
            long total;
            try (var count = tx.prepareStatement("SELECT count(*) FROM products" + where)) {
                bind(count, params);
                try (var rs = count.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Product> items = new ArrayList<>();
            try (var select = tx.prepareStatement("SELECT " + COLUMNS + " FROM products" + where
                    + " ORDER BY id LIMIT ? OFFSET ?")) {
                int next = bind(select, params);
                select.setInt(next++, query.size());
                select.setLong(next, query.offset());
                try (var rs = select.executeQuery()) {
                    while (rs.next()) {
                        items.add(read(rs));
                    }
                }
            }
            return new ProductPage(items, query.page(), query.size(), total);
        });
    }

    public Optional<Product> find(String id) {
        return db.inTransaction(tx -> find(tx, id));
    }

    public static Optional<Product> find(Connection tx, String id) throws SQLException {
        try (var select = tx.prepareStatement("SELECT " + COLUMNS + " FROM products WHERE id = ?")) {
            select.setString(1, id);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The products among {@code ids} that exist, in the order of {@code ids}. */
    public List<Product> findAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Product> byId = db.inTransaction(tx -> {
            Map<String, Product> found = new LinkedHashMap<>();
            try (var select = tx.prepareStatement("SELECT " + COLUMNS + " FROM products WHERE id = ANY (?)")) {
                select.setArray(1, tx.createArrayOf("text", ids.toArray()));
                try (var rs = select.executeQuery()) {
                    while (rs.next()) {
                        Product p = read(rs);
                        found.put(p.id(), p);
                    }
                }
            }
            return found;
        });
        List<Product> ordered = new ArrayList<>();
        for (String id : ids) {
            Product p = byId.get(id);
            if (p != null) {
                ordered.add(p);
            }
        }
        return ordered;
    }

    public List<String> categories() {
        return db.inTransaction(tx -> {
            List<String> names = new ArrayList<>();
            try (var select = tx.prepareStatement("SELECT DISTINCT category FROM products ORDER BY category LIMIT ?")) {
                select.setInt(1, MAX_CATEGORIES);
                try (var rs = select.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
            }
            return names;
        });
    }

    private static int bind(PreparedStatement statement, List<String> params) throws SQLException {
        int i = 1;
        for (String p : params) {
            statement.setString(i++, p);
        }
        return i;
    }

    static Product read(ResultSet rs) throws SQLException {
        return new Product(rs.getString("id"), rs.getString("name"), rs.getString("description"),
                rs.getString("category"), new Money(rs.getLong("price_minor"), rs.getString("currency")));
    }
}
