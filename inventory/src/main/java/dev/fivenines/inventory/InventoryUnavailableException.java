package dev.fivenines.inventory;

/**
 * The ledger did not answer within the call's deadline, or is down. Retrying with the same id is safe.
 *
 * <p>{@link #mayHaveApplied()}: false only when the command was refused before it was sent (an open
 * breaker, a full or closed client queue), so the ledger certainly did not apply it; a timeout or a
 * lost answer may have applied, and a caller that took a hold must then assume it exists.
 */
public class InventoryUnavailableException extends RuntimeException {
    private final boolean mayHaveApplied;

    public InventoryUnavailableException(String message, Throwable cause) {
        this(message, cause, true);
    }

    public InventoryUnavailableException(String message, Throwable cause, boolean mayHaveApplied) {
        super(message, cause);
        this.mayHaveApplied = mayHaveApplied;
    }

    public boolean mayHaveApplied() {
        return mayHaveApplied;
    }
}
