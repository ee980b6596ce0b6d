package dev.fivenines.loadgen.report;

import dev.fivenines.loadgen.stats.LatencySummary;
import dev.fivenines.loadgen.stats.OpSecond;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** A self-contained HTML page for a {@link Report}: tables plus inline SVG charts, no script. */
public final class HtmlReport {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 300;

    private HtmlReport() {
    }

    public static String render(Report r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>fivenines load report: ")
                .append(Html.escape(r.scenario())).append("</title><style>")
                .append("body{font-family:sans-serif;margin:24px;color:#222;max-width:1000px}")
                .append("table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
                .append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}.err{color:#b00}")
                .append("figure{margin:16px 0}p.note{color:#555;font-size:90%}")
                .append("</style></head><body>");
        h.append("<h1>Load report: ").append(Html.escape(r.scenario())).append("</h1>");
        h.append("<table>");
        row(h, "target", r.target());
        row(h, "started at", String.valueOf(r.startedAt()));
        row(h, "duration", fmt(r.durationSeconds()) + " s" + (r.sequential() ? " (sequential)" : " (open loop)"));
        row(h, "seed / run id", r.seed() + " / " + r.runId());
        Report.Sessions s = r.sessions();
        row(h, "sessions", "expected " + fmt(s.expected()) + ", started " + s.started() + ", dropped by generator "
                + s.droppedByGenerator() + ", abandoned " + s.abandoned() + ", failed in generator " + s.failedInGenerator());
        h.append("</table>");

        h.append("<h2>Operations</h2><table><tr><th>operation</th><th>count</th><th>errors</th><th>per s</th>")
                .append("<th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th>")
                .append("<th>service p99 ms</th><th>outcomes</th></tr>");
        r.operations().forEach((op, o) -> {
            LatencySummary l = o.latencyMs();
            h.append("<tr><td>").append(Html.escape(op)).append("</td><td>").append(o.count()).append("</td><td")
                    .append(o.errors() > 0 ? " class=\"err\"" : "").append('>').append(o.errors()).append("</td><td>")
                    .append(fmt(o.throughputPerSecond())).append("</td><td>").append(fmt(l.p50Ms())).append("</td><td>")
                    .append(fmt(l.p90Ms())).append("</td><td>").append(fmt(l.p99Ms())).append("</td><td>")
                    .append(fmt(l.p999Ms())).append("</td><td>").append(fmt(l.maxMs())).append("</td><td>")
                    .append(fmt(o.serviceMs().p99Ms())).append("</td><td>").append(Html.escape(outcomes(o.outcomes())))
                    .append("</td></tr>");
        });
        h.append("</table><p class=\"note\">Latency is measured from each operation's intended start (open loop, ")
                .append("corrected for coordinated omission); \"service p99\" is measured from when the request was ")
                .append("actually sent. A large gap between the two means users waited for time the server never saw.</p>");

        List<Report.SecondReport> t = r.timeline();
        double[] xs = t.stream().mapToDouble(Report.SecondReport::second).toArray();
        List<SvgChart.Series> rate = new ArrayList<>();
        if (!r.sequential()) {
            rate.add(new SvgChart.Series("target sessions/s", "#7f7f7f", series(t, Report.SecondReport::targetRate), true));
        }
        rate.add(new SvgChart.Series("sessions started/s", SvgChart.PALETTE[0], series(t, x -> x.sessionsStarted()), false));
        rate.add(new SvgChart.Series("operations completed/s", SvgChart.PALETTE[2], series(t, x -> x.completed()), false));
        rate.add(new SvgChart.Series("dropped by generator/s", SvgChart.PALETTE[3], series(t, x -> x.sessionsDropped()), false));
        figure(h, SvgChart.render("Throughput", "per second", xs, rate, WIDTH, HEIGHT));

        List<SvgChart.Series> latency = new ArrayList<>();
        latency.add(new SvgChart.Series("p50 all operations", SvgChart.PALETTE[0], latencySeries(t, null, false), false));
        latency.add(new SvgChart.Series("p99 all operations", SvgChart.PALETTE[1], latencySeries(t, null, true), false));
        if (r.operations().containsKey("checkout")) {
            latency.add(new SvgChart.Series("p99 checkout", SvgChart.PALETTE[4], latencySeries(t, "checkout", true), true));
        }
        figure(h, SvgChart.render("Latency over time (from intended start)", "milliseconds", xs, latency, WIDTH, HEIGHT));

        List<SvgChart.Series> perOp = new ArrayList<>();
        int i = 0;
        for (String op : r.operations().keySet()) {
            perOp.add(new SvgChart.Series(op, SvgChart.PALETTE[i++ % SvgChart.PALETTE.length], latencySeries(t, op, true), false));
        }
        figure(h, SvgChart.render("p99 latency per operation", "milliseconds", xs, perOp, WIDTH, HEIGHT));

        List<SvgChart.Series> errors = List.of(new SvgChart.Series("errors/s", SvgChart.PALETTE[1], series(t, x -> x.errors()), false));
        figure(h, SvgChart.render("Errors (shed, throttled, timeouts, 5xx, ...)", "per second", xs, errors, WIDTH, HEIGHT));
        h.append("<p class=\"note\">Sessions are counted in the second they were due to start; operations in the second ")
                .append("they completed. The raw figures are in report.json; every exchange is in history.jsonl.</p>");
        return h.append("</body></html>\n").toString();
    }

    private static double[] series(List<Report.SecondReport> t, ToDoubleFunction<Report.SecondReport> f) {
        return t.stream().mapToDouble(f).toArray();
    }

    /** p50 or p99 per second; seconds with no completions are gaps, not zeros (zero would read as "fast"). */
    private static double[] latencySeries(List<Report.SecondReport> t, String op, boolean p99) {
        double[] ys = new double[t.size()];
        for (int i = 0; i < ys.length; i++) {
            Report.SecondReport s = t.get(i);
            if (op == null) {
                ys[i] = s.completed() == 0 ? Double.NaN : (p99 ? s.p99Ms() : s.p50Ms());
            } else {
                OpSecond o = s.ops().get(op);
                ys[i] = o == null || o.count() == 0 ? Double.NaN : (p99 ? o.p99Ms() : o.p50Ms());
            }
        }
        return ys;
    }

    private static void figure(StringBuilder h, String svg) {
        h.append("<figure>").append(svg).append("</figure>");
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(Html.escape(k)).append("</th><td style=\"text-align:left\">").append(Html.escape(v)).append("</td></tr>");
    }

    static String outcomes(Map<String, Long> outcomes) {
        StringBuilder b = new StringBuilder();
        outcomes.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(' ').append(v));
        return b.toString();
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.1f" : "%.2f", v);
    }
}
