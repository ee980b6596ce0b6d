/**
 * The traffic product's framework-free core: how much a request matters ({@link
 * dev.fivenines.traffic.Criticality}) and the route table that decides it ({@link
 * dev.fivenines.traffic.RouteClassifier}, {@link dev.fivenines.traffic.RouteRule}).
 *
 * <p>Guards: the order of {@code Criticality}'s constants is the order of protection (the last is shed
 * first), and every other package here ranks by it. This package and its subpackages import no
 * Helidon, Kafka, JDBC or Ratis type; adapters (the edge, the shops' admission filter) bring the HTTP.
 * Classifiers and rules are immutable and thread-safe. Used by the edge and by every role that admits
 * requests.
 */
package dev.fivenines.traffic;
