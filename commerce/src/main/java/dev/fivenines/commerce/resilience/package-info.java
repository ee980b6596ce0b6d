/**
 * The one circuit-breaker shape commerce puts in front of its dependencies (payment, the ledger,
 * recommendations), so every breaker opens, waits and probes the same way; each caller adds what
 * counts as a failure.
 */
package dev.fivenines.commerce.resilience;
