package dev.fivenines.node.supervisor;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;
import java.util.OptionalInt;

/**
 * How a process ended, as far as its parent can tell. {@code exitCode} is null when the process was
 * not our child (the postmaster, started by pg_ctl); {@code signal} is set when the code says a
 * signal ended it: the JDK reports a signalled child as 128 + the signal's number, as a shell does,
 * so a process that itself exits with 137 reads as SIGKILL too.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExitStatus(Integer exitCode, String signal) {
    private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT", 4, "SIGILL",
            6, "SIGABRT", 7, "SIGBUS", 8, "SIGFPE", 9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");
    private static final int SIGNAL_BASE = 128;
    /** Highest signal number on Linux (SIGRTMAX). */
    private static final int MAX_SIGNAL = 64;

    public static final ExitStatus UNKNOWN = new ExitStatus(null, null);

    public static ExitStatus of(OptionalInt exitCode) {
        return exitCode.isPresent() ? of(exitCode.getAsInt()) : UNKNOWN;
    }

    public static ExitStatus of(int exitCode) {
        int signal = exitCode - SIGNAL_BASE;
        if (signal < 1 || signal > MAX_SIGNAL) {
            return new ExitStatus(exitCode, null);
        }
        return new ExitStatus(exitCode, SIGNALS.getOrDefault(signal, "SIG" + signal));
    }

    /** For people: "SIGKILL (exit code 137)", "exit code 1", "exit status unknown". */
    public String describe() {
        if (exitCode == null) {
            return "exit status unknown";
        }
        return signal != null ? signal + " (exit code " + exitCode + ")" : "exit code " + exitCode;
    }
}
