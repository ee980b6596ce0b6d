package dev.fivenines.commerce.recommendation;

/**
 * The recommendations service did not answer usefully within the deadline (timeout, refused
 * connection, non-200, malformed body). Callers fall back to top sellers; it is never the
 * caller's client's fault.
 */
public class RecommendationsUnavailableException extends RuntimeException {
    public RecommendationsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
