package dev.fivenines.inventory.ledger;

/** The ledger's state broke an invariant: a bug. The replica must stop applying, not carry on. */
public final class LedgerInvariantException extends IllegalStateException {
    public LedgerInvariantException(String message) {
        super("ledger invariant violated: " + message);
    }
}
