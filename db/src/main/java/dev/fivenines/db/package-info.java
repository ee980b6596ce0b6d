/**
 * SQL for every module that keeps state in PostgreSQL: {@link dev.fivenines.db.Database} (a Hikari
 * pool, Flyway migrations of every module's {@code db/migration} range, transactions that retry
 * serialization failures), {@link dev.fivenines.db.DbSettings}, {@link dev.fivenines.db.DatabaseException}
 * (whose fault a failure is, from the SQLSTATE), and {@link dev.fivenines.db.PostgresServer}, the
 * embedded PostgreSQL the local cluster and the tests run.
 *
 * <p>Guards: no statement runs without a deadline (the pool's connection timeout and
 * {@code statement_timeout}); a transaction commits whole or rolls back; an outage and a bad request
 * are told apart, so callers answer 503 for one and 4xx for the other. Knows nothing of events,
 * stock or orders.
 */
package dev.fivenines.db;
