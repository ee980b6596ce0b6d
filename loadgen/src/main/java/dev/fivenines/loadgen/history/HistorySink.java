package dev.fivenines.loadgen.history;

/** Where the engine writes each exchange. Implementations are thread-safe. */
public interface HistorySink {
    void append(OpRecord record);

    /** Discards everything: for runs that do not keep a history (tests of the engine's timing). */
    HistorySink NONE = record -> { };
}
