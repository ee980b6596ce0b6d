/**
 * What a caller does before it sends: the SRE book's client-side
 * {@link dev.fivenines.traffic.client.AdaptiveThrottle} (one window per end client) and a
 * {@link dev.fivenines.traffic.client.RetryBudget} that bounds retries to a fraction of requests.
 *
 * <p>Guards: retries never exceed the budget; checkout is not throttled while the backend accepts
 * anything; one client's refusals cost only that client. Both classes are thread-safe (synchronized)
 * and bounded in the clients they remember; time and randomness are injected. Used by the edge's
 * upstream pool.
 */
package dev.fivenines.traffic.client;
