package dev.fivenines.commerce.http;

import dev.fivenines.db.Database;
import dev.fivenines.db.DatabaseException;

/**
 * Reads behind the services' GET endpoints. A database that does not answer is a 503 with
 * Retry-After, never a 500: a read changes nothing, so the client may simply ask again. A database
 * error the request caused (a value PostgreSQL refuses) is a 400, not an outage.
 */
public final class Reads {
    public static final int RETRY_AFTER_SECONDS = 1;

    private Reads() {
    }

    /**
     * Runs {@code work} with each statement on its own (no BEGIN/COMMIT round trips): for reads of one
     * statement, or whose statements need no common snapshot; {@code what} names what could not be
     * read, e.g. "shipments".
     */
    public static <T> T statementsOrUnavailable(Database db, String what, Database.TxWork<T> work) {
        try {
            return db.autocommit(work);
        } catch (DatabaseException e) {
            throw DatabaseProblems.answer(e, what + " cannot be read right now; retry shortly", RETRY_AFTER_SECONDS);
        }
    }

    /** Runs {@code work} in one transaction; {@code what} names what could not be read, e.g. "shipments". */
    public static <T> T orUnavailable(Database db, String what, Database.TxWork<T> work) {
        try {
            return db.inTransaction(work);
        } catch (DatabaseException e) {
            throw DatabaseProblems.answer(e, what + " cannot be read right now; retry shortly", RETRY_AFTER_SECONDS);
        }
    }
}
