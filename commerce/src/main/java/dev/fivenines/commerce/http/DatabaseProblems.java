package dev.fivenines.commerce.http;

import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import dev.fivenines.db.DatabaseException;

import java.util.Optional;
import java.util.logging.Logger;

/**
 * The answer to a database failure: 503 + Retry-After when the database is at fault, a 400 (bad
 * value) or 409 (broken constraint) without Retry-After when the request is. Input reaches the
 * database only after {@link dev.fivenines.web.TextInput} passed it, so a request's fault here means
 * that check has a gap: it is logged.
 */
public final class DatabaseProblems {
    private static final Logger LOG = Logger.getLogger(DatabaseProblems.class.getName());

    private DatabaseProblems() {
    }

    /** The problem to answer {@code e} with; {@code unavailableDetail} says what is down when the database is. */
    public static ProblemException answer(DatabaseException e, String unavailableDetail, int retryAfterSeconds) {
        return requestsFault(e).orElseGet(() ->
                new ProblemException(Problem.unavailable(unavailableDetail), retryAfterSeconds, e));
    }

    /**
     * A 503 that a service built from a database failure which was in fact the request's fault,
     * turned into that 4xx; any other problem as it is.
     */
    public static ProblemException reclassify(ProblemException problem) {
        if (problem.problem().status() != 503) {
            return problem;
        }
        for (Throwable t = problem.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof DatabaseException db) {
                return requestsFault(db).orElse(problem);
            }
        }
        return problem;
    }

    private static Optional<ProblemException> requestsFault(DatabaseException e) {
        String state = e.sqlState().orElse("?");
        return switch (e.fault()) {
            case UNAVAILABLE -> Optional.empty();
            case REQUEST_DATA -> {
                LOG.warning(() -> "the database refused a value of a request that passed validation (SQLSTATE " + state + "): "
                        + e.getMessage());
                yield Optional.of(new ProblemException(Problem.badRequest("a value in this request cannot be stored: the database"
                        + " refused it (SQLSTATE " + state + "); nothing was changed"), null, e));
            }
            case REQUEST_CONFLICT -> {
                LOG.warning(() -> "a request broke a database constraint (SQLSTATE " + state + "): " + e.getMessage());
                yield Optional.of(new ProblemException(Problem.conflict("constraint-violated", "Conflict",
                        "this request conflicts with what is stored (SQLSTATE " + state + "); nothing was changed"), null, e));
            }
        };
    }
}
