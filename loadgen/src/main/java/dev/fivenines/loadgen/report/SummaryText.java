package dev.fivenines.loadgen.report;

import dev.fivenines.loadgen.stats.LatencySummary;

import java.util.Locale;

/** The short plain-text summary printed at the end of a run. */
public final class SummaryText {
    private SummaryText() {
    }

    public static String render(Report r) {
        StringBuilder b = new StringBuilder();
        Report.Sessions s = r.sessions();
        b.append(String.format(Locale.ROOT, "%s against %s: %.1f s, %d sessions started (%s expected), %d dropped by generator",
                r.scenario(), r.target(), r.durationSeconds(), s.started(), HtmlReport.fmt(s.expected()), s.droppedByGenerator()));
        if (s.abandoned() > 0 || s.failedInGenerator() > 0) {
            b.append(String.format(Locale.ROOT, ", %d abandoned, %d failed in generator", s.abandoned(), s.failedInGenerator()));
        }
        b.append('\n');
        b.append(String.format(Locale.ROOT, "%-16s %8s %7s %9s %9s %9s %9s %9s  %s%n", "operation", "count", "errors",
                "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "outcomes"));
        r.operations().forEach((op, o) -> {
            LatencySummary l = o.latencyMs();
            b.append(String.format(Locale.ROOT, "%-16s %8d %7d %9s %9s %9s %9s %9s  %s%n", op, o.count(), o.errors(),
                    HtmlReport.fmt(l.p50Ms()), HtmlReport.fmt(l.p90Ms()), HtmlReport.fmt(l.p99Ms()),
                    HtmlReport.fmt(l.p999Ms()), HtmlReport.fmt(l.maxMs()), HtmlReport.outcomes(o.outcomes())));
        });
        return b.toString();
    }
}
