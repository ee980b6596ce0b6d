/**
 * How the edge's value model learns and survives restarts: {@link
 * dev.fivenines.edge.learning.OrderEventsLearner} teaches it from the shop's OrderPlaced events on
 * Kafka (off the buying path: it connects in the background), and {@link
 * dev.fivenines.edge.learning.ValueModelSnapshots} saves and restores its weights.
 *
 * <p>Guards: an unreachable or misconfigured Kafka never delays or fails the edge's start; a
 * snapshot is written whole or not at all, and a damaged one is logged and ignored: the edge then
 * starts untrained rather than not at all.
 */
package dev.fivenines.edge.learning;
