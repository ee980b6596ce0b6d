package dev.fivenines.inventory.ledger;

import java.util.List;

/** What applying one command did: its reply and the domain events it raised. */
public record Outcome(LedgerReply reply, List<StockLow> events) {
    public Outcome {
        events = List.copyOf(events);
    }
}
