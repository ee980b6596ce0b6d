package dev.fivenines.db;

import dev.fivenines.base.Check;

import java.util.Objects;

/**
 * Where a role's SQL lives. The password comes from the environment
 * ({@code FIVENINES_POSTGRES_PASSWORD}), never from a file in the repository.
 */
public record DbSettings(String jdbcUrl, String user, String password, int poolSize, long connectTimeoutMillis) {
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 2_000;

    public DbSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Check.argument(jdbcUrl.startsWith("jdbc:postgresql:"), "postgres.url must start with jdbc:postgresql:, was %s", jdbcUrl);
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
        Check.inRange("postgres.poolSize", poolSize, 1, 200);
        Check.inRange("postgres.connectTimeoutMillis", connectTimeoutMillis, 250, 60_000);
    }

    public static DbSettings of(String jdbcUrl, String user, String password) {
        return new DbSettings(jdbcUrl, user, password, DEFAULT_POOL_SIZE, DEFAULT_CONNECT_TIMEOUT_MILLIS);
    }

    public DbSettings withPoolSize(int size) {
        return new DbSettings(jdbcUrl, user, password, size, connectTimeoutMillis);
    }
}
