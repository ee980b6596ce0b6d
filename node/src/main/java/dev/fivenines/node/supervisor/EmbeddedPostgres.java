package dev.fivenines.node.supervisor;

import dev.fivenines.db.PostgresServer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Starts the embedded PostgreSQL the supervisor hosts, on a fixed port and data directory, and
 * starts it again after its postmaster died: the roles' JDBC URL stays valid and the data is the
 * same. Thread-safe.
 */
final class EmbeddedPostgres implements Running.Launcher {
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgres.class.getName());
    private final Path dataDirectory;
    private final int port;
    private volatile PostgresServer current;

    EmbeddedPostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /**
     * Closes the previous server first: zonky holds a lock on the data directory until closed (its
     * pg_ctl stop of a postmaster that died fails and is only logged).
     */
    @Override
    public synchronized Running start() throws IOException {
        PostgresServer previous = current;
        if (previous != null) {
            LOG.info("closing the previous postgres before starting it again (zonky reports that pg_ctl could not stop"
                    + " a postmaster that is already gone: expected)");
            previous.close();
        }
        PostgresServer server = PostgresServer.start(dataDirectory, port);
        current = server;
        return Engines.running(server);
    }

    /** The server last started, or null before the first start. */
    PostgresServer current() {
        return current;
    }
}
