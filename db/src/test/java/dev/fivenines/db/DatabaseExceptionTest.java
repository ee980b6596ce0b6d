package dev.fivenines.db;

import dev.fivenines.db.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Whose fault a failure is, read from the SQLSTATE that real PostgreSQL reports. */
class DatabaseExceptionTest {
    private static Database db;

    @BeforeAll
    static void start() {
        db = TestPostgres.freshDatabase("database_exception");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static DatabaseException failing(String sql, String parameter) {
        return catchThrowableOfType(DatabaseException.class, () -> db.inTransaction(c -> {
            try (var s = c.prepareStatement(sql)) {
                s.setString(1, parameter);
                return s.execute();
            }
        }));
    }

    @Test
    void givenValuesPostgresRefuses_thenTheFaultIsTheRequests() {
        DatabaseException nul = failing("SELECT ?::text", "a\u0000b");
        assertThat(nul.sqlState()).hasValue("22021");
        assertThat(nul.fault()).isEqualTo(DatabaseException.Fault.REQUEST_DATA);
        assertThat(nul.isRequestsFault()).isTrue();

        assertThat(failing("SELECT ?::int", "two").fault()).isEqualTo(DatabaseException.Fault.REQUEST_DATA); // 22P02
    }

    @Test
    void givenABrokenConstraint_thenTheFaultIsAConflict() {
        db.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute("CREATE TABLE keyed (k text PRIMARY KEY)");
                s.execute("INSERT INTO keyed VALUES ('one')");
            }
            return null;
        });

        DatabaseException duplicate = failing("INSERT INTO keyed VALUES (?)", "one");

        assertThat(duplicate.sqlState()).hasValue("23505");
        assertThat(duplicate.fault()).isEqualTo(DatabaseException.Fault.REQUEST_CONFLICT);
    }

    @Test
    void givenTheDatabaseCannotBeReached_thenItIsUnavailable() {
        try (Database down = Database.connect(new DbSettings("jdbc:postgresql://127.0.0.1:1/none", "postgres", "", 1, 250), "down")) {
            DatabaseException e = catchThrowableOfType(DatabaseException.class, () -> down.inTransaction(c -> null));

            assertThat(e.fault()).isEqualTo(DatabaseException.Fault.UNAVAILABLE);
            assertThat(e.isRequestsFault()).isFalse();
        }
        assertThat(new DatabaseException("x", new SQLException("timeout", "57014")).fault())
                .isEqualTo(DatabaseException.Fault.UNAVAILABLE);
        assertThat(new DatabaseException("x", new SQLException("no state")).fault()).isEqualTo(DatabaseException.Fault.UNAVAILABLE);
    }
}
