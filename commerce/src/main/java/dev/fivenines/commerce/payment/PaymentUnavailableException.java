package dev.fivenines.commerce.payment;

/** The provider did not answer in time, failed, or its breaker is open. Retrying later is safe. */
public class PaymentUnavailableException extends RuntimeException {
    private final int retryAfterSeconds;
    private final boolean mayHaveReachedProvider;

    public PaymentUnavailableException(String message, int retryAfterSeconds, Throwable cause) {
        this(message, retryAfterSeconds, true, cause);
    }

    /** @param mayHaveReachedProvider false only when the call was never made (breaker open) */
    public PaymentUnavailableException(String message, int retryAfterSeconds, boolean mayHaveReachedProvider, Throwable cause) {
        super(message, cause);
        this.retryAfterSeconds = retryAfterSeconds;
        this.mayHaveReachedProvider = mayHaveReachedProvider;
    }

    public PaymentUnavailableException(String message, Throwable cause) {
        this(message, 5, cause);
    }

    public boolean mayHaveReachedProvider() {
        return mayHaveReachedProvider;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
