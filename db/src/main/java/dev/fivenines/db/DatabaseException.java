package dev.fivenines.db;

import java.sql.SQLException;
import java.util.Optional;

/**
 * The database could not do what was asked. {@link #fault()} says whose fault that was, from the
 * SQLSTATE: the database's (unreachable, timed out, overloaded: HTTP adapters answer 503 +
 * Retry-After, since nothing half-way was committed and a retry may succeed) or the request's (a
 * value PostgreSQL refuses, a constraint it breaks: a 4xx, never an outage, since retrying the same
 * request fails the same way).
 */
public class DatabaseException extends RuntimeException {
    /** Whose fault a database failure is. */
    public enum Fault {
        /** Unreachable, timed out, overloaded, restarting, or a state we do not classify: retry later. */
        UNAVAILABLE,
        /** SQLSTATE class 22 (data exception: invalid byte sequence 22021, bad number 22P02, too long 22001) or 54 (program limit). */
        REQUEST_DATA,
        /** SQLSTATE class 23 (integrity constraint violation: unique, foreign key, check). */
        REQUEST_CONFLICT
    }

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The SQLSTATE of the first SQL exception in the cause chain that has one. */
    public Optional<String> sqlState() {
        for (Throwable t = getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }

    public Fault fault() {
        return faultOf(sqlState().orElse(null));
    }

    /** True when retrying the same request cannot help: the request, not the database, is at fault. */
    public boolean isRequestsFault() {
        return fault() != Fault.UNAVAILABLE;
    }

    static Fault faultOf(String sqlState) {
        if (sqlState == null || sqlState.length() < 2) {
            return Fault.UNAVAILABLE;
        }
        return switch (sqlState.substring(0, 2)) {
            case "22", "54" -> Fault.REQUEST_DATA;
            case "23" -> Fault.REQUEST_CONFLICT;
            default -> Fault.UNAVAILABLE;
        };
    }
}
