package dev.fivenines.commerce.recommendation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The co-purchase model's tables (V70) and the catalog's {@code products} table, read-only, for
 * names and prices. Every method runs on the caller's connection (and transaction).
 */
final class CoPurchaseStore {

    /** A product that can be recommended: catalog facts plus its score in the model. */
    record Candidate(String id, String name, long priceMinor, String currency, long score) {
        CoPurchaseModel.Scored scored() {
            return new CoPurchaseModel.Scored(id, score);
        }
    }

    /** Applies one order's counts within {@code tx}, in the update's (sorted) order. */
    void apply(Connection tx, CoPurchaseModel.OrderUpdate update) throws SQLException {
        try (PreparedStatement popularity = tx.prepareStatement("""
                INSERT INTO recommendation_popularity (product_id, units) VALUES (?, ?)
                ON CONFLICT (product_id) DO UPDATE SET units = recommendation_popularity.units + EXCLUDED.units""")) {
            for (CoPurchaseModel.Purchase purchase : update.purchases()) {
                popularity.setString(1, purchase.productId());
                popularity.setLong(2, purchase.units());
                popularity.addBatch();
            }
            popularity.executeBatch();
        }
        if (update.pairs().isEmpty()) {
            return;
        }
        try (PreparedStatement pairs = tx.prepareStatement("""
                INSERT INTO recommendation_pairs (product_id, other_id, count) VALUES (?, ?, 1)
                ON CONFLICT (product_id, other_id) DO UPDATE SET count = recommendation_pairs.count + 1""")) {
            for (CoPurchaseModel.Pair pair : update.pairs()) {
                pairs.setString(1, pair.productId());
                pairs.setString(2, pair.otherId());
                pairs.addBatch();
            }
            pairs.executeBatch();
        }
    }

    /** Up to {@code limit} catalog products bought with {@code productId}, most often first. */
    List<Candidate> coPurchased(Connection c, String productId, int limit) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("""
                SELECT p.id, p.name, p.price_minor, p.currency, rp.count AS score
                FROM recommendation_pairs rp JOIN products p ON p.id = rp.other_id
                WHERE rp.product_id = ?
                ORDER BY rp.count DESC, rp.other_id
                LIMIT ?""")) {
            select.setString(1, productId);
            select.setInt(2, limit);
            return read(select);
        }
    }

    /** Up to {@code limit} catalog products by units sold, best first. */
    List<Candidate> topSellers(Connection c, int limit) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("""
                SELECT p.id, p.name, p.price_minor, p.currency, pop.units AS score
                FROM recommendation_popularity pop JOIN products p ON p.id = pop.product_id
                ORDER BY pop.units DESC, pop.product_id
                LIMIT ?""")) {
            select.setInt(1, limit);
            return read(select);
        }
    }

    private static List<Candidate> read(PreparedStatement select) throws SQLException {
        try (ResultSet rs = select.executeQuery()) {
            List<Candidate> candidates = new ArrayList<>();
            while (rs.next()) {
                candidates.add(new Candidate(rs.getString("id"), rs.getString("name"), rs.getLong("price_minor"),
                        rs.getString("currency"), rs.getLong("score")));
            }
            return candidates;
        }
    }
}
