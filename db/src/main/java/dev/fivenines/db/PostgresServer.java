package dev.fivenines.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * A real PostgreSQL server (binaries from Maven, via zonky) whose data lives in a directory we
 * choose, so {@code up} after {@code down} keeps the shop's data. Not a fake: the same server the
 * tests and the local cluster use.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String DATABASE = "fivenines";
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts PostgreSQL on {@code port} (0 picks a free one) with data in {@code dataDirectory},
     * initialising it on first use and creating the {@value #DATABASE} database.
     */
    public static PostgresServer start(Path dataDirectory, int port) throws IOException {
        Files.createDirectories(dataDirectory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                .setServerConfig("listen_addresses", "127.0.0.1")
                // Durable: an acknowledged order survives a crash of the database process.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on");
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();
        PostgresServer server = new PostgresServer(postgres, dataDirectory);
        server.createDatabaseIfMissing();
        return server;
    }

    private void createDatabaseIfMissing() throws IOException {
        try (var c = postgres.getPostgresDatabase().getConnection();
             var check = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            check.setString(1, DATABASE);
            try (var rs = check.executeQuery()) {
                if (!rs.next()) {
                    try (var create = c.createStatement()) {
                        create.execute("CREATE DATABASE " + DATABASE);
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IOException("could not create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** The postmaster's PID, read from its pid file, so a supervisor can stop it even after a crash. */
    public OptionalLong postmasterPid() {
        return readPostmasterPid(dataDirectory);
    }

    public static OptionalLong readPostmasterPid(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
