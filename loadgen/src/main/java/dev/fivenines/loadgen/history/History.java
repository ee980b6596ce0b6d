package dev.fivenines.loadgen.history;

import java.util.List;
import java.util.Objects;

/** A whole history as data: header, every recorded exchange in file order, and the footer if the run finished. */
public record History(HistoryHeader header, List<OpRecord> ops, HistoryFooter footer) {
    public History {
        Objects.requireNonNull(header, "header");
        ops = List.copyOf(ops);
    }

    public boolean complete() {
        return footer != null;
    }
}
