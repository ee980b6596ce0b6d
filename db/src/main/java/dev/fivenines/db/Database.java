package dev.fivenines.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A pooled connection to the shop's PostgreSQL (or CockroachDB) plus the transaction helper all
 * repositories use. Every statement runs with a deadline: the pool's connection timeout bounds the
 * wait for a connection and {@code statement_timeout} bounds each statement.
 */
public final class Database implements AutoCloseable {
    /** Longest any single statement may run before PostgreSQL cancels it. */
    public static final int STATEMENT_TIMEOUT_MILLIS = 5_000;

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static Database connect(DbSettings settings, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setConnectionTimeout(settings.connectTimeoutMillis());
        config.setValidationTimeout(Math.min(1_000, settings.connectTimeoutMillis()));
        config.setPoolName(poolName);
        config.setAutoCommit(true);
        config.addDataSourceProperty("options", "-c statement_timeout=" + STATEMENT_TIMEOUT_MILLIS);
        config.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, settings.connectTimeoutMillis() / 1000)));
        config.addDataSourceProperty("socketTimeout", Integer.toString(STATEMENT_TIMEOUT_MILLIS / 1000 + 5));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // Start even when the database is down: readiness reports it and requests fail fast (503).
        config.setInitializationFailTimeout(-1);
        return new Database(new HikariDataSource(config));
    }

    /**
     * Applies every migration on the classpath under db/migration. Each module owns a range of
     * versions (events V1-V9, inventory V20-V29, shop V40-V59, fulfillment V60-V69, recommendations
     * V70-V79, replenishment V80-V89), so a module's new migration may sort below ones another
     * module already applied: out-of-order application is expected, not an error.
     */
    public void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .outOfOrder(true)
                .connectRetries(10)
                .load()
                .migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Work done in one SQL transaction, given its connection. */
    @FunctionalInterface
    public interface TxWork<T> {
        T run(Connection tx) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: commit if it returns, roll back if it throws. A
     * serialization failure (SQLSTATE 40001, routine on CockroachDB) is retried a bounded number of
     * times, since the transaction never became visible.
     */
    public <T> T inTransaction(TxWork<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try (Connection tx = dataSource.getConnection()) {
                tx.setAutoCommit(false);
                try {
                    T result = work.run(tx);
                    tx.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(tx, e);
                    if (e instanceof SQLException sql && "40001".equals(sql.getSQLState())) {
                        last = sql;
                        continue;
                    }
                    throw e;
                }
            } catch (SQLException e) {
                throw new DatabaseException("transaction failed: " + e.getMessage(), e);
            }
        }
        throw new DatabaseException("transaction kept conflicting after 3 attempts", last);
    }

    /**
     * Runs {@code work} on a pooled connection in autocommit mode: each statement is its own
     * transaction, so one statement costs one round trip, with no BEGIN and no COMMIT. For work of a
     * single statement (a read, or one write that must be durable when it returns), or reads that need
     * no common snapshot; anything that must commit or fail as a whole uses {@link #inTransaction}.
     */
    public <T> T autocommit(TxWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DatabaseException("statement failed: " + e.getMessage(), e);
        }
    }

    /** True when a connection can be had and answers within a second (used by readiness). */
    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void rollbackQuietly(Connection tx, Exception cause) {
        try {
            tx.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
