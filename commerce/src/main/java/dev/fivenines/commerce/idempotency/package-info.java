/**
 * Idempotency keys of checkout: what a key may look like, the request fingerprint, the rules for a
 * key seen before and their SQL store.
 *
 * <p>Guards: a key belongs to one request (same method, path and canonical JSON body) and one order
 * id for its whole life; a finished request is replayed, never re-run; the same key for another
 * request is a 422, a concurrent duplicate a 409; an attempt whose lock ran out (its process died)
 * is taken over with the same order id, so the stock held for it is found again, not held twice.
 */
package dev.fivenines.commerce.idempotency;
