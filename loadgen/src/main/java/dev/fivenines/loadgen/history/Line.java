package dev.fivenines.loadgen.history;

/** One cart or order line as the history records it. */
public record Line(String productId, int quantity) {
}
