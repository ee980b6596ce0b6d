package dev.fivenines.db.testing;

import dev.fivenines.db.Database;
import dev.fivenines.db.DbSettings;
import dev.fivenines.db.PostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (started on first use, stopped when the JVM exits), and a
 * fresh, migrated database per caller so test classes do not see each other's rows.
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer server;

    private TestPostgres() {
    }

    public static synchronized PostgresServer server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("fivenines-test-pg");
                server = PostgresServer.start(dir.resolve("data"), 0);
                PostgresServer started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException e) {
                        System.err.println("test postgres did not stop cleanly: " + e);
                    }
                }, "test-postgres-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the test PostgreSQL", e);
            }
        }
        return server;
    }

    /** Creates a new empty database, applies all migrations on the classpath, and connects to it. */
    public static Database freshDatabase(String prefix) {
        String name = (prefix + "_" + DATABASES.incrementAndGet()).toLowerCase().replaceAll("[^a-z0-9_]", "_");
        PostgresServer pg = server();
        String adminUrl = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres";
        try (var c = DriverManager.getConnection(adminUrl, PostgresServer.USER, "");
             var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        Database db = Database.connect(DbSettings.of("jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + name,
                PostgresServer.USER, ""), "test-" + name);
        db.migrate();
        return db;
    }
}
