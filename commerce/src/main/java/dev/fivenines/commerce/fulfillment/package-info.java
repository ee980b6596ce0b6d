/**
 * The fulfillment role: ships placed orders, stops shipments of cancelled ones, delivers through a
 * simulated carrier, and answers {@code GET /shipments/{orderId}}
 * ({@link dev.fivenines.commerce.fulfillment.ShipmentsApi}).
 *
 * <p>Guards: a shipment moves only CREATED -> SHIPPED -> DELIVERED or CREATED -> CANCELLED
 * ({@link dev.fivenines.commerce.fulfillment.ShipmentStatus}; any other move throws); one shipment per
 * order (a unique order id, so an order placed twice under two event ids ships once); each delivery
 * happens and is announced exactly once, even with several fulfillment processes
 * ({@code FOR UPDATE SKIP LOCKED}); every state change and its event commit together.
 */
package dev.fivenines.commerce.fulfillment;
