package dev.fivenines.loadgen.check;

import dev.fivenines.loadgen.history.History;
import dev.fivenines.loadgen.history.Line;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * No oversell: for every SKU whose available stock is known, the units in acknowledged orders are
 * at most that stock. Stock comes from the --stock file when given, else from the history header
 * (the flash sale's configured stock). Orders the shop reports CANCELLED gave their units back and
 * are not counted. Each order counts once, however many times its key was replayed.
 */
public final class NoOversell {
    public static final String RULE = "no-oversell";

    private NoOversell() {
    }

    public static CheckResult check(History history, Map<String, Long> stockOverride, Observations observations) {
        Map<String, Long> stock = new TreeMap<>(history.header().stock());
        stock.putAll(stockOverride);
        if (stock.isEmpty()) {
            return CheckResult.skipped(RULE, "no stock known: give --stock FILE (the history header has none)");
        }
        Map<String, Long> sold = new HashMap<>();
        Map<String, List<String>> ordersBySku = new HashMap<>();
        int cancelled = 0;
        for (Acknowledged.Order o : Acknowledged.orders(history).values()) {
            if (observations != null) {
                Observations.OrderObservation seen = observations.orders().get(o.orderId());
                if (seen != null && "CANCELLED".equals(seen.status())) {
                    cancelled++;
                    continue;
                }
            }
            for (Line l : o.lines()) {
                if (l.productId() != null) {
                    sold.merge(l.productId(), (long) l.quantity(), Long::sum);
                    ordersBySku.computeIfAbsent(l.productId(), k -> new ArrayList<>()).add(o.orderId());
                }
            }
        }
        List<Violation> violations = new ArrayList<>();
        Map<String, String> figures = new LinkedHashMap<>();
        stock.forEach((sku, available) -> {
            long units = sold.getOrDefault(sku, 0L);
            figures.put(sku, units + " of " + available);
            if (units > available) {
                List<String> orders = ordersBySku.get(sku);
                violations.add(new Violation("sku " + sku, "sold " + units + " units but only " + available
                        + " were available (" + (units - available) + " oversold) across " + orders.size() + " orders, e.g. "
                        + String.join(", ", orders.subList(Math.max(0, orders.size() - 5), orders.size()))));
            }
        });
        long unchecked = sold.keySet().stream().filter(sku -> !stock.containsKey(sku)).count();
        StringBuilder summary = new StringBuilder(stock.size() + " SKU(s) with known stock: ");
        figures.entrySet().stream().limit(5).forEach(e -> summary.append(e.getKey()).append(" sold ").append(e.getValue()).append("; "));
        return CheckResult.of(RULE, summary.toString().replaceAll("; $", ""), violations, Acknowledged.notes(
                unchecked > 0 ? unchecked + " other SKU(s) were sold but have no known stock and were not checked" : null,
                cancelled > 0 ? cancelled + " cancelled order(s) not counted as sold" : null,
                observations == null ? "orders were not re-read (no --target): cancelled orders count as sold" : null));
    }
}
