package dev.fivenines.commerce.http;

import dev.fivenines.base.ProblemException;
import dev.fivenines.db.Database;
import dev.fivenines.db.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A database error the request caused (real PostgreSQL refusing a value) is answered as the
 * request's fault, whether a read or a guarded handler met it; only the database's own failures are
 * an outage.
 */
class DatabaseProblemsTest {
    private static Database db;

    @BeforeAll
    static void start() {
        db = TestPostgres.freshDatabase("database_problems");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static Object storeText(java.sql.Connection c, String value) throws java.sql.SQLException {
        try (var s = c.prepareStatement("SELECT length(?::text)")) {
            s.setString(1, value);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void givenTheDatabaseRefusesAValue_whenReadThroughReads_thenA400WithoutRetryAfter() {
        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> Reads.orUnavailable(db, "things", c -> storeText(c, "a\u0000b")));

        assertThat(refused.problem().status()).isEqualTo(400);
        assertThat(refused.retryAfterSeconds()).isNull();
        assertThat(refused.problem().detail()).contains("22021").doesNotContain("right now");
        assertThat(db.isReachable()).isTrue();
    }

    @Test
    void givenTheDatabaseRefusesAValue_whenAGuardedHandlerMeetsIt_thenA400AndAValidCallStillWorks() throws Exception {
        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> Guard.guard((req, res) -> db.inTransaction(c -> storeText(c, "\u0000"))).handle(null, null));
        assertThat(refused.problem().status()).isEqualTo(400);
        assertThat(refused.retryAfterSeconds()).isNull();

        Object length = db.inTransaction(c -> storeText(c, "fine"));
        assertThat(length).isEqualTo(4);
    }

    @Test
    void givenAConstraintBroken_whenAGuardedHandlerMeetsIt_thenA409() throws Exception {
        db.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS unique_things (name text PRIMARY KEY)");
                s.execute("INSERT INTO unique_things VALUES ('one') ON CONFLICT DO NOTHING");
            }
            return null;
        });
        ProblemException conflict = catchThrowableOfType(ProblemException.class, () -> Guard.guard((req, res) -> db.inTransaction(c -> {
            try (var s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO unique_things VALUES ('one')");
            }
        })).handle(null, null));

        assertThat(conflict.problem().status()).isEqualTo(409);
        assertThat(conflict.retryAfterSeconds()).isNull();
    }

    @Test
    void givenTheDatabaseIsUnreachable_thenItIsStillA503WithRetryAfter() {
        try (Database down = Database.connect(new dev.fivenines.db.DbSettings("jdbc:postgresql://127.0.0.1:1/none",
                "postgres", "", 1, 250), "down-problems")) {
            ProblemException unavailable = catchThrowableOfType(ProblemException.class,
                    () -> Reads.orUnavailable(down, "things", c -> storeText(c, "fine")));

            assertThat(unavailable.problem().status()).isEqualTo(503);
            assertThat(unavailable.retryAfterSeconds()).isEqualTo(Reads.RETRY_AFTER_SECONDS);
        }
    }
}
