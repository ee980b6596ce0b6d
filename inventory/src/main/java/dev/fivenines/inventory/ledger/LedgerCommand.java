package dev.fivenines.inventory.ledger;

import dev.fivenines.base.Check;
import dev.fivenines.inventory.StockLine;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the replicated log carries. Every command is idempotent: by hold id (reserve, commit,
 * release), by receipt id (restock), by adjustment id (adjust); setPolicy and expire set absolute
 * values and may be repeated freely. Time never comes from here except {@code expiresAtMillis}, which
 * the caller computed; "now" is the leader's stamp on the log entry.
 */
public sealed interface LedgerCommand {
    /** Most lines one hold may have. */
    int MAX_LINES = 200;
    /** Longest SKU name accepted (bytes in the log are bounded). */
    int MAX_SKU_CHARS = 128;

    /** Holds every line or none, until {@code expiresAtMillis} (leader-stamped time). */
    record Reserve(UUID holdId, List<StockLine> lines, long expiresAtMillis) implements LedgerCommand {
        public Reserve {
            Objects.requireNonNull(holdId, "holdId");
            lines = List.copyOf(lines);
            Check.argument(!lines.isEmpty(), "hold %s needs at least one line", holdId);
            Check.argument(lines.size() <= MAX_LINES, "hold %s has %s lines, at most %s allowed", holdId, lines.size(), MAX_LINES);
            lines.forEach(line -> checkSku(line.sku()));
        }
    }

    record Commit(UUID holdId) implements LedgerCommand {
        public Commit {
            Objects.requireNonNull(holdId, "holdId");
        }
    }

    /** Returns a held hold's units; for a committed hold (cancelled order) the units come back on hand. */
    record Release(UUID holdId) implements LedgerCommand {
        public Release {
            Objects.requireNonNull(holdId, "holdId");
        }
    }

    /** Expires every hold whose expiry is at or before the entry's stamp; carries no time of its own. */
    record Expire() implements LedgerCommand {
    }

    /** Goods received: {@code units} more on hand, once per {@code receiptId}. */
    record Restock(String sku, int units, String receiptId) implements LedgerCommand {
        public Restock {
            checkSku(sku);
            Check.argument(units >= 1, "restock of %s needs units >= 1, was %s", sku, units);
            Check.argument(receiptId != null && !receiptId.isBlank(), "restock of %s needs a receipt id", sku);
        }
    }

    /** Cycle count: on hand becomes {@code newOnHand}, once per {@code adjustmentId}. */
    record Adjust(String sku, int newOnHand, String reason, String adjustmentId) implements LedgerCommand {
        public Adjust {
            checkSku(sku);
            Check.argument(newOnHand >= 0, "adjust of %s needs newOnHand >= 0, was %s", sku, newOnHand);
            Objects.requireNonNull(reason, "reason");
            Check.argument(adjustmentId != null && !adjustmentId.isBlank(), "adjust of %s needs an adjustment id", sku);
        }
    }

    record SetPolicy(String sku, int safetyStock, int reorderQty) implements LedgerCommand {
        public SetPolicy {
            checkSku(sku);
            Check.argument(safetyStock >= 0, "safety stock of %s must be >= 0, was %s", sku, safetyStock);
            Check.argument(reorderQty >= 0, "reorder qty of %s must be >= 0, was %s", sku, reorderQty);
        }
    }

    private static void checkSku(String sku) {
        Check.argument(sku != null && !sku.isEmpty() && sku.length() <= MAX_SKU_CHARS,
                "sku must have 1..%s characters, was %s", MAX_SKU_CHARS, sku);
    }
}
