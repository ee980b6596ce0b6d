package dev.fivenines.node.supervisor;

import dev.fivenines.db.PostgresServer;
import dev.fivenines.db.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The PostgreSQL the supervisor hosts (zonky), its postmaster SIGKILLed: noticed, started again on
 * the same port and data directory, with its committed rows. A dedicated server, since the test kills it.
 */
class EmbeddedPostgresRestartTest {
    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.at("2026-12-07T10:00:00Z");
    private final RestartLoop loop = new RestartLoop();
    private Supervised postgres;

    @AfterEach
    void stop() {
        if (postgres != null) {
            postgres.stop(Duration.ofSeconds(15));
        }
        loop.close();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private static Connection connect(EmbeddedPostgres launcher) throws Exception {
        return DriverManager.getConnection(launcher.current().jdbcUrl(), PostgresServer.USER, "");
    }

    @Test
    void givenThePostmasterKilled_thenItIsStartedAgainOnTheSamePortWithItsData() throws Exception {
        int port = freePort();
        EmbeddedPostgres launcher = new EmbeddedPostgres(dir.resolve("postgres"), port);
        SupervisorEvents events = new SupervisorEvents(dir.resolve("events.jsonl"));
        postgres = new Supervised("postgres", "postgres", launcher, Running.Probe.ALIVE, RestartBackoff.Policy.DEFAULT,
                clock, events);
        loop.add(postgres);
        postgres.launchNow();
        loop.tick();
        assertThat(postgres.snapshot().state()).isEqualTo(Supervised.State.READY);
        try (Connection c = connect(launcher); var st = c.createStatement()) {
            st.execute("CREATE TABLE kept (id int PRIMARY KEY)");
            st.execute("INSERT INTO kept VALUES (42)");
        }

        long postmaster = postgres.snapshot().pid();
        ProcessHandle process = ProcessHandle.of(postmaster).orElseThrow();
        process.destroyForcibly();
        await().atMost(Duration.ofSeconds(20)).until(() -> !process.isAlive());
        loop.tick();
        assertThat(postgres.snapshot().state()).isEqualTo(Supervised.State.BACKING_OFF);
        assertThat(postgres.snapshot().lastExit()).as("pg_ctl's daemon is not our child").isEqualTo(ExitStatus.UNKNOWN);

        // Its backends may linger a moment and refuse a new postmaster the shared memory: each failure backs off again.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            clock.advance(RestartBackoff.MAX_DELAY);
            loop.tick();
            Supervised.Snapshot now = postgres.snapshot();
            return now.state() == Supervised.State.READY && now.pid() != postmaster;
        });
        assertThat(launcher.current().port()).isEqualTo(port);
        try (Connection c = connect(launcher); var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
        assertThat(SupervisorEvents.read(events.file())).extracting(SupervisorEvents.Event::type)
                .startsWith("process.exited").contains("process.restarted").endsWith("process.ready");
    }
}
