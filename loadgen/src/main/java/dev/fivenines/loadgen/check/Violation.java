package dev.fivenines.loadgen.check;

/** One breach of a rule: what it concerns (an order, a SKU, a key) and the evidence a person can follow up. */
public record Violation(String subject, String evidence) {
}
