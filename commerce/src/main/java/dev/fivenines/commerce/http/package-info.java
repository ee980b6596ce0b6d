/**
 * Shared HTTP plumbing of commerce's handlers (each capability keeps its own {@code *Api}): the
 * guard that turns an outage into 503 + Retry-After, reads that answer 503 rather than 500, database
 * errors classified as the server's or the request's, ids taken from paths, and the OpenAPI
 * document with the route templates read from it.
 *
 * <p>Guards: a dependency that is down is never a 500, and a database error the request caused is a
 * 400/409 without Retry-After; a path id that cannot exist is answered like one that does not
 * (404). It holds no capability's logic.
 */
package dev.fivenines.commerce.http;
