package dev.fivenines.events;

/** CloudEvents {@code type} values. Payload schemas are documented in docs/events.md. */
public final class EventTypes {
    public static final String ORDER_PLACED = "dev.fivenines.order.placed";
    public static final String ORDER_PAID = "dev.fivenines.order.paid";
    public static final String ORDER_CANCELLED = "dev.fivenines.order.cancelled";
    public static final String ORDER_SHIPPED = "dev.fivenines.order.shipped";
    public static final String ORDER_DELIVERED = "dev.fivenines.order.delivered";
    public static final String STOCK_LOW = "dev.fivenines.inventory.stock-low";
    public static final String STOCK_RECEIVED = "dev.fivenines.inventory.stock-received";

    private EventTypes() {
    }
}
