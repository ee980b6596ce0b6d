package dev.fivenines.commerce.order;

/** An order was asked to move along an edge its state machine does not have. */
public class IllegalOrderTransitionException extends IllegalStateException {
    private final OrderStatus from;
    private final OrderStatus to;

    public IllegalOrderTransitionException(OrderStatus from, OrderStatus to) {
        super("an order cannot move from " + from + " to " + to);
        this.from = from;
        this.to = to;
    }

    public OrderStatus from() {
        return from;
    }

    public OrderStatus to() {
        return to;
    }
}
