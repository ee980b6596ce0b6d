package dev.fivenines.events;

import java.util.List;

/**
 * Every Kafka topic fivenines uses, declared in one place. Roles create them at start (idempotent).
 */
public final class Topics {
    /** Order lifecycle: placed, paid, cancelled. Key: order id. */
    public static final String ORDERS = "fivenines.orders";
    /** Fulfillment: shipped, delivered. Key: order id. */
    public static final String SHIPMENTS = "fivenines.shipments";
    /** Inventory: stock low, stock received. Key: sku. */
    public static final String INVENTORY = "fivenines.inventory";

    public static final int PARTITIONS = 6;

    private Topics() {
    }

    /** Where a consumer parks events it cannot handle, with the reason in a header. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    public static List<String> all() {
        return List.of(ORDERS, SHIPMENTS, INVENTORY, deadLetter(ORDERS), deadLetter(SHIPMENTS), deadLetter(INVENTORY));
    }
}
