package dev.fivenines.loadgen.testing;

import dev.fivenines.loadgen.history.HistorySink;
import dev.fivenines.loadgen.history.OpRecord;

import java.util.ArrayList;
import java.util.List;

/** Keeps every recorded exchange in memory. */
public final class CapturingHistory implements HistorySink {
    private final List<OpRecord> records = new ArrayList<>();

    @Override
    public synchronized void append(OpRecord record) {
        records.add(record);
    }

    public synchronized List<OpRecord> records() {
        return List.copyOf(records);
    }

    public List<OpRecord> of(String op) {
        return records().stream().filter(r -> r.op().equals(op)).toList();
    }
}
