package dev.fivenines.inventory.ledger;

import dev.fivenines.inventory.ReserveResult.Shortage;

import java.util.List;
import java.util.UUID;

/** The answer to one command; repeats of a command get the first answer back. */
public sealed interface LedgerReply {
    record Held(UUID holdId, long expiresAtMillis) implements LedgerReply {
    }

    record Short(List<Shortage> shortages) implements LedgerReply {
        public Short {
            shortages = List.copyOf(shortages);
        }
    }

    /** Commit, release, restock, adjust, setPolicy, expire: whether the command took (or had taken) effect. */
    record Done(boolean applied) implements LedgerReply {
    }

    /** The command was well formed but cannot apply to this state (e.g. would break an invariant). */
    record Rejected(String reason) implements LedgerReply {
    }

    /** Commit or release of a hold this ledger does not know (never reserved here, or forgotten). */
    record NoSuchHold() implements LedgerReply {
    }

    NoSuchHold NO_SUCH_HOLD = new NoSuchHold();
    Done APPLIED = new Done(true);
    Done NOT_APPLIED = new Done(false);
}
