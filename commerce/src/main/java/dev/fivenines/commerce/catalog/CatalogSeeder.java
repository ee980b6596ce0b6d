package dev.fivenines.commerce.catalog;

import dev.fivenines.base.Check;
import dev.fivenines.db.Database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Demo catalog: the same products on every machine (product i depends only on i), spread over ten
 * categories, each with a stock row. Safe to run from several processes at once: every insert is
 * {@code ON CONFLICT DO NOTHING}, so the first writer wins and the others change nothing.
 *
 * <p>It writes {@code inventory_stock} directly because locally the ledger is the SQL one in the
 * same database; a shop in front of another ledger seeds that ledger its own way.
 */
public final class CatalogSeeder {
    public static final int MAX_PRODUCTS = 1_000_000;
    public static final String CURRENCY = "USD";
    private static final int BATCH = 500;

    private record Category(String name, String[] nouns, long minCents, long maxCents) {
    }

    private static final List<Category> CATEGORIES = List.of(
            new Category("Kitchen", new String[]{"Chef's Knife", "Frying Pan", "Cutting Board", "Kettle", "Mixing Bowl", "Spatula", "Coffee Grinder", "Dutch Oven"}, 799, 18_999),
            new Category("Garden", new String[]{"Trowel", "Watering Can", "Pruning Shears", "Planter", "Hose Reel", "Seed Tray", "Rake", "Bird Feeder"}, 499, 12_999),
            new Category("Books", new String[]{"Cookbook", "Field Guide", "Novel", "Atlas", "Notebook", "Sketchbook", "Travel Journal", "Poetry Collection"}, 699, 5_999),
            new Category("Electronics", new String[]{"Headphones", "Desk Lamp", "Charger", "Bluetooth Speaker", "Keyboard", "Mouse", "Webcam", "Power Bank"}, 1_499, 39_999),
            new Category("Toys", new String[]{"Puzzle", "Building Set", "Kite", "Yo-Yo", "Board Game", "Plush Bear", "Train Set", "Marble Run"}, 599, 8_999),
            new Category("Sports", new String[]{"Yoga Mat", "Water Bottle", "Jump Rope", "Tennis Balls", "Cycling Gloves", "Running Cap", "Dumbbell", "Resistance Band"}, 699, 14_999),
            new Category("Clothing", new String[]{"T-Shirt", "Hoodie", "Wool Socks", "Rain Jacket", "Scarf", "Beanie", "Chinos", "Flannel Shirt"}, 999, 19_999),
            new Category("Beauty", new String[]{"Hand Cream", "Lip Balm", "Shampoo Bar", "Face Serum", "Soap", "Body Lotion", "Bath Salts", "Hair Brush"}, 399, 6_999),
            new Category("Office", new String[]{"Fountain Pen", "Desk Organizer", "Stapler", "Planner", "Monitor Stand", "Paper Tray", "Sticky Notes", "Letter Opener"}, 299, 9_999),
            new Category("Pets", new String[]{"Dog Leash", "Cat Tree", "Chew Toy", "Pet Bed", "Food Bowl", "Grooming Brush", "Bird Perch", "Aquarium Net"}, 399, 15_999));
    private static final String[] ADJECTIVES = {"Classic", "Compact", "Deluxe", "Everyday", "Rustic", "Modern", "Sturdy",
            "Lightweight", "Handmade", "Eco", "Premium", "Vintage", "Nordic", "Urban", "Travel", "Pro"};
    private static final String[] MATERIALS = {"oak", "bamboo", "stainless steel", "recycled plastic", "cotton", "wool",
            "ceramic", "cast iron", "linen", "aluminium", "walnut", "silicone"};
    private static final String[] COLOURS = {"Slate", "Sand", "Forest", "Ocean", "Ember", "Snow", "Graphite", "Saffron"};
    private static final String[] BENEFITS = {"built to last for years", "easy to clean", "a favourite gift",
            "made in small batches", "designed for daily use", "tested by our own team", "backed by a two-year warranty",
            "packed without plastic"};

    private CatalogSeeder() {
    }

    /** Product {@code index} (from 1) as the seeder writes it: a pure function of the index. */
    public static Product product(int index) {
        Check.argument(index >= 1 && index <= MAX_PRODUCTS, "index must be in [1, %s], was %s", MAX_PRODUCTS, index);
        SplittableRandom random = new SplittableRandom(0x5eed_0000L + index);
        Category category = CATEGORIES.get((index - 1) % CATEGORIES.size());
        String noun = category.nouns()[random.nextInt(category.nouns().length)];
        String adjective = ADJECTIVES[random.nextInt(ADJECTIVES.length)];
        String colour = COLOURS[random.nextInt(COLOURS.length)];
        String material = MATERIALS[random.nextInt(MATERIALS.length)];
        String benefit = BENEFITS[random.nextInt(BENEFITS.length)];
        String name = adjective + " " + noun + " (" + colour + ")";
        String description = "A " + adjective.toLowerCase(java.util.Locale.ROOT) + " " + noun.toLowerCase(java.util.Locale.ROOT)
                + " in " + material + ", " + benefit + ".";
        // Prices end in 9 cents, as shops do.
        long cents = category.minCents() + random.nextLong(category.maxCents() - category.minCents());
        cents = cents - cents % 10 + 9;
        return new Product(productId(index), name, description, category.name(), new dev.fivenines.base.Money(cents, CURRENCY));
    }

    public static String productId(int index) {
        return String.format("sku-%06d", index);
    }

    public static List<String> categoryNames() {
        return CATEGORIES.stream().map(Category::name).toList();
    }

    /**
     * Writes products 1..{@code products} and a stock row of {@code unitsEach} units for each,
     * unless the catalog already has that many. Returns how many products this call inserted.
     */
    public static int seedIfEmpty(Database db, int products, int unitsEach) {
        Check.inRange("seed.products", products, 1, MAX_PRODUCTS);
        Check.inRange("seed.unitsEach", unitsEach, 0, 1_000_000);
        long existing = db.inTransaction(tx -> {
            try (var count = tx.prepareStatement("SELECT count(*) FROM products"); var rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        if (existing >= products) {
            return 0;
        }
        int inserted = 0;
        for (int from = 1; from <= products; from += BATCH) {
            List<Product> batch = new ArrayList<>();
            for (int i = from; i < from + BATCH && i <= products; i++) {
                batch.add(product(i));
            }
            inserted += db.inTransaction(tx -> insertBatch(tx, batch, unitsEach));
        }
        return inserted;
    }

    private static int insertBatch(Connection tx, List<Product> batch, int unitsEach) throws SQLException {
        int inserted = 0;
        try (var insert = tx.prepareStatement("""
                INSERT INTO products (id, name, description, category, price_minor, currency)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""")) {
            for (Product p : batch) {
                insert.setString(1, p.id());
                insert.setString(2, p.name());
                insert.setString(3, p.description());
                insert.setString(4, p.category());
                insert.setLong(5, p.price().minorUnits());
                insert.setString(6, p.price().currency());
                insert.addBatch();
            }
            for (int n : insert.executeBatch()) {
                inserted += Math.max(0, n);
            }
        }
        try (var stock = tx.prepareStatement("""
                INSERT INTO inventory_stock (sku, on_hand, held, safety_stock, reorder_qty)
                VALUES (?, ?, 0, ?, ?) ON CONFLICT (sku) DO NOTHING""")) {
            for (Product p : batch) {
                stock.setString(1, p.id());
                stock.setInt(2, unitsEach);
                stock.setInt(3, Math.min(unitsEach, 5));
                stock.setInt(4, 50);
                stock.addBatch();
            }
            stock.executeBatch();
        }
        return inserted;
    }
}
