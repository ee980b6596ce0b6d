package dev.fivenines.commerce.catalog;

import dev.fivenines.base.Check;
import dev.fivenines.db.Database;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The best-selling products of the recent past, from the shop's own order lines: the fallback when
 * the recommendations role is slow or down. Computed at most once per TTL (the query aggregates
 * every recent order line); if a refresh fails the previous list keeps being served.
 */
public final class TopSellers {
    private static final Logger LOG = Logger.getLogger(TopSellers.class.getName());
    public static final int MAX_ITEMS = 50;
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    public static final Duration WINDOW = Duration.ofDays(30);

    private final Database db;
    private final Clock clock;
    private final Duration ttl;
    private List<String> cached = List.of();
    private Instant refreshedAt;

    public TopSellers(Database db, Clock clock, Duration ttl) {
        this.db = db;
        this.clock = clock;
        Check.inRange("shop.topSellers.ttlMillis", ttl.toMillis(), 1, Duration.ofHours(1).toMillis());
        this.ttl = ttl;
    }

    /** Product ids, best seller first (ties by id), at most {@value #MAX_ITEMS}. */
    public synchronized List<String> productIds() {
        Instant now = clock.instant();
        if (refreshedAt == null || !now.isBefore(refreshedAt.plus(ttl))) {
            try {
                cached = query(now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "top sellers refresh failed; serving the list from " + refreshedAt, e);
            }
            // Even after a failure: try again after a TTL, not on every product page.
            refreshedAt = now;
        }
        return cached;
    }

    private List<String> query(Instant now) {
        return db.inTransaction(tx -> {
            List<String> ids = new ArrayList<>();
            try (var select = tx.prepareStatement("""
                    SELECT l.product_id, sum(l.quantity) AS units
                    FROM order_lines l JOIN orders o ON o.id = l.order_id
                    WHERE o.created_at >= ? AND o.status <> 'CANCELLED'
                    GROUP BY l.product_id ORDER BY units DESC, l.product_id LIMIT ?""")) {
                select.setTimestamp(1, Timestamp.from(now.minus(WINDOW)));
                select.setInt(2, MAX_ITEMS);
                try (var rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return List.copyOf(ids);
        });
    }
}
