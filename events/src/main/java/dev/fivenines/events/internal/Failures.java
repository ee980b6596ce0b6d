package dev.fivenines.events.internal;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure of our infrastructure (the database unreachable, overloaded or restarting) from a
 * failure of handling one event. The first says nothing about the event, so it must never count
 * toward parking the event in the dead-letter topic: the consumer waits and tries again.
 */
final class Failures {
    private Failures() {
    }

    static boolean isInfrastructure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true; // the pool could not get a connection in time
            }
            if (t instanceof SQLException sql && isInfrastructureState(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57 operator intervention
     * (admin shutdown, crash recovery, and 57014 statement timeout: a slow database, not a bad event),
     * 40001 serialization failure that outlasted the transaction helper's own retries.
     */
    static boolean isInfrastructureState(String state) {
        if (state == null || state.length() < 2) {
            return false;
        }
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57") || state.equals("40001");
    }
}
