package dev.fivenines.inventory;

/** The ledger did not answer within the call's deadline, or is down. Retrying with the same id is safe. */
public class InventoryUnavailableException extends RuntimeException {
    public InventoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
