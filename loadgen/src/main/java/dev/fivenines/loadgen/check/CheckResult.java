package dev.fivenines.loadgen.check;

import java.util.List;

/** A rule's verdict over one history, with every violation and notes on what was (not) checked. */
public record CheckResult(String rule, Status status, String summary, List<Violation> violations, List<String> notes) {
    public enum Status { PASS, FAIL, SKIPPED }

    public CheckResult {
        violations = List.copyOf(violations);
        notes = List.copyOf(notes);
        if (status == Status.FAIL && violations.isEmpty()) {
            throw new IllegalArgumentException("a failed check must say which subjects violate " + rule);
        }
        if (status != Status.FAIL && !violations.isEmpty()) {
            throw new IllegalArgumentException(rule + " has violations but status " + status);
        }
    }

    static CheckResult of(String rule, String summary, List<Violation> violations, List<String> notes) {
        return new CheckResult(rule, violations.isEmpty() ? Status.PASS : Status.FAIL, summary, violations, notes);
    }

    static CheckResult skipped(String rule, String why) {
        return new CheckResult(rule, Status.SKIPPED, why, List.of(), List.of());
    }

    public boolean failed() {
        return status == Status.FAIL;
    }
}
