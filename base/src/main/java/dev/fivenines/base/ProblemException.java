package dev.fivenines.base;

/**
 * Thrown at the edge of a service to answer a request with a problem detail. Domain code returns
 * outcomes as values; adapters turn the ones a client must see into this.
 */
public class ProblemException extends RuntimeException {
    private final Problem problem;
    private final Integer retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, null, null);
    }

    public ProblemException(Problem problem, Integer retryAfterSeconds, Throwable cause) {
        super(problem.status() + " " + problem.title() + ": " + problem.detail(), cause);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    /** Seconds for a {@code Retry-After} header, or null when retrying will not help. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
