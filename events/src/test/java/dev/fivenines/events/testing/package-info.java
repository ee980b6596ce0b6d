/**
 * Test fixtures shared through this module's test jar: one real Kafka broker per test JVM with a
 * fresh topic (and dead-letter topic) per test.
 */
package dev.fivenines.events.testing;
