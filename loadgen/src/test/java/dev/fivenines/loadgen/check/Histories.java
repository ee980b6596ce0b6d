package dev.fivenines.loadgen.check;

import dev.fivenines.loadgen.history.History;
import dev.fivenines.loadgen.history.HistoryFooter;
import dev.fivenines.loadgen.history.HistoryHeader;
import dev.fivenines.loadgen.history.Line;
import dev.fivenines.loadgen.history.OpRecord;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Hand-made histories for checker tests: each line says exactly what the shop answered. */
final class Histories {
    private Histories() {
    }

    static History history(Map<String, Long> stock, OpRecord... ops) {
        return new History(HistoryHeader.of("run-1", "hand-made", 1, "http://127.0.0.1:8080",
                Instant.parse("2026-11-22T10:00:00Z"), stock), List.of(ops),
                new HistoryFooter(HistoryFooter.TYPE, 1, 0, 0, ops.length, 1_000_000));
    }

    /** A checkout the shop acknowledged with 201. */
    static OpRecord ack(String key, String cart, String order, String sku, int quantity, long endMicros) {
        return OpRecord.op("checkout").session(1).kind("buy").attempt(1).request("POST /api/v1/checkout")
                .times(endMicros - 1_000, endMicros - 1_000, endMicros).status(201).outcome("ok")
                .idempotencyKey(key).cartId(cart).orderId(order).orderStatus("PLACED")
                .lines(List.of(new Line(sku, quantity))).build();
    }

    static OpRecord soldOut(String key, String cart, String sku, long endMicros) {
        return OpRecord.op("checkout").attempt(1).times(endMicros - 1_000, endMicros - 1_000, endMicros).status(409)
                .outcome("out_of_stock").problem("/problems/out-of-stock").idempotencyKey(key).cartId(cart)
                .lines(List.of(new Line(sku, 1))).build();
    }

    static OpRecord orderRead(String order, int status, long startMicros) {
        return OpRecord.op("order").times(startMicros, startMicros, startMicros + 500).status(status)
                .outcome(status == 200 ? "ok" : "not_found").orderId(order).build();
    }

    static OpRecord shipmentRead(String order, String shipment, long startMicros) {
        return OpRecord.op("shipment").times(startMicros, startMicros, startMicros + 500).status(200).outcome("ok")
                .orderId(order).shipmentId(shipment).build();
    }
}
