/**
 * What every HTTP service of fivenines shares on Helidon's web server: the public API route registry
 * (checked against the OpenAPI document), problem+json for every error (handler exceptions and what
 * the HTTP layer refuses before routing), bounded body reading, input checks for client text,
 * field validation, correct HEAD responses, and the admin token.
 *
 * <p>Guards: every error on the wire is RFC 9457 problem+json; no body is read without a bound; client
 * text that PostgreSQL or an encoder would refuse (NUL, malformed UTF-8, lone surrogates) is a 400
 * before any handler sees it; every {@code /admin/...} call presents the token (compared in constant
 * time). Stateless helpers, thread-safe. Used by the roles' HTTP adapters, never by domain code.
 */
package dev.fivenines.web;
