/**
 * {@link dev.fivenines.events.engines.KafkaBroker}: a real single-node Kafka broker in a child JVM, for
 * the local cluster and the integration tests. Guards: the broker's own classpath (its Scala and
 * Jackson) never meets ours, and its data survives a restart on the same directory.
 */
package dev.fivenines.events.engines;
