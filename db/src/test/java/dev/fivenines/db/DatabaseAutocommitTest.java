package dev.fivenines.db;

import dev.fivenines.db.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Work without a transaction: each statement commits alone, and a failure is a DatabaseException. */
class DatabaseAutocommitTest {
    private static Database db;

    @BeforeAll
    static void start() {
        db = TestPostgres.freshDatabase("database_autocommit");
        db.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute("CREATE TABLE notes (n int PRIMARY KEY)");
            }
            return null;
        });
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void givenTwoStatements_whenTheSecondFails_thenTheFirstIsCommittedAnyway() {
        DatabaseException e = catchThrowableOfType(DatabaseException.class, () -> db.autocommit(c -> {
            try (var s = c.createStatement()) {
                s.executeUpdate("INSERT INTO notes VALUES (1)");
                return s.executeUpdate("INSERT INTO notes VALUES (1)");
            }
        }));

        assertThat(e.sqlState()).hasValue("23505");
        assertThat(count()).as("the first insert was its own transaction").isEqualTo(1);
    }

    @Test
    void givenAConnectionThatRanATransaction_whenUsedWithoutOne_thenItIsBackInAutocommit() {
        db.inTransaction(c -> null);

        boolean autocommit = db.autocommit(Connection::getAutoCommit);
        int two = db.autocommit(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT 2")) {
                rs.next();
                return rs.getInt(1);
            }
        });

        assertThat(autocommit).isTrue();
        assertThat(two).isEqualTo(2);
    }

    private static long count() {
        return db.autocommit(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM notes")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
