package dev.fivenines.loadgen.report;

import dev.fivenines.loadgen.scenario.Mix;
import dev.fivenines.loadgen.scenario.Phase;
import dev.fivenines.loadgen.scenario.SessionKind;
import dev.fivenines.loadgen.schedule.RateCurve;
import dev.fivenines.loadgen.stats.Outcome;
import dev.fivenines.loadgen.stats.Stats;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReportTest {
    private static final long SECOND = 1_000_000_000L;

    private static Report sample(String scenario) {
        Stats stats = new Stats();
        for (int i = 0; i < 40; i++) {
            stats.sessionStarted(i * 100_000_000L);
            stats.record("list", Outcome.OK, (i + 1) * 1_000L, 500, i * 100_000_000L);
        }
        stats.record("checkout", Outcome.OK, 120_000, 100_000, 2 * SECOND);
        stats.record("checkout", Outcome.SHED, 8_000, 8_000, 3 * SECOND);
        stats.sessionDropped(3 * SECOND);
        RateCurve curve = new RateCurve(List.of(new Phase("ramp", 4_000, 5, 15, Mix.only(SessionKind.BROWSE))));
        return ReportBuilder.build(new ReportBuilder.RunInfo(scenario, "run-1", 7, "http://127.0.0.1:1",
                Instant.parse("2026-11-22T10:00:00Z"), 4 * SECOND, false), stats.snapshot(), curve);
    }

    @Test
    void givenARun_thenEachOperationHasCountsByOutcomePercentilesAndThroughput() {
        Report r = sample("steady");

        assertThat(r.operations().keySet()).containsExactly("list", "checkout");
        Report.OpReport checkout = r.operations().get("checkout");
        assertThat(checkout.count()).isEqualTo(2);
        assertThat(checkout.errors()).isEqualTo(1);
        assertThat(checkout.outcomes()).containsEntry("ok", 1L).containsEntry("shed", 1L);
        assertThat(checkout.latencyMsByOutcome().get("ok").maxMs()).isCloseTo(120, within(0.2));
        assertThat(checkout.serviceMs().maxMs()).isCloseTo(100, within(0.2));
        Report.OpReport list = r.operations().get("list");
        assertThat(list.throughputPerSecond()).isEqualTo(10.0);
        assertThat(list.latencyMs().p50Ms()).isCloseTo(20, within(0.05));
        assertThat(list.latencyMs().maxMs()).isCloseTo(40, within(0.05));
        assertThat(r.sessions().expected()).isEqualTo(40.0);
        assertThat(r.sessions().started()).isEqualTo(40);
        assertThat(r.sessions().droppedByGenerator()).isEqualTo(1);
        assertThat(r.sessions().scheduled()).isEqualTo(41);
    }

    @Test
    void givenARampCurve_thenTheTimelineCarriesTheTargetRateAndCompletionsPerSecond() {
        Report r = sample("steady");

        assertThat(r.timeline()).hasSize(4);
        assertThat(r.timeline()).extracting(Report.SecondReport::targetRate).containsExactly(6.25, 8.75, 11.25, 13.75);
        assertThat(r.timeline()).extracting(Report.SecondReport::completed).containsExactly(10L, 10L, 11L, 11L);
        assertThat(r.timeline().get(3).errors()).isEqualTo(1);
        assertThat(r.timeline().get(3).sessionsDropped()).isEqualTo(1);
        assertThat(r.timeline().get(2).ops()).containsKeys("list", "checkout");
    }

    @Test
    void givenAReport_thenTheHtmlIsSelfContainedWithInlineSvgCharts_andEscapesText() {
        String html = HtmlReport.render(sample("<b>sale</b>"));

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("<polyline");
        assertThat(html).contains("Throughput").contains("Latency over time").contains("p99 latency per operation");
        assertThat(html).doesNotContain("<script").doesNotContain("<b>sale</b>").contains("&lt;b&gt;sale&lt;/b&gt;");
        // The only URLs are the SVG namespace and the target under test: nothing is fetched.
        assertThat(html.replace("http://www.w3.org/2000/svg", "").replace("http://127.0.0.1:1", ""))
                .doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void givenAReport_thenTheSummaryListsEveryOperation() {
        String text = SummaryText.render(sample("steady"));

        assertThat(text).contains("40 sessions started").contains("1 dropped by generator");
        assertThat(text.lines().filter(l -> l.startsWith("list") || l.startsWith("checkout"))).hasSize(2);
        assertThat(text).contains("ok 1, shed 1");
    }

    @Test
    void givenAxisRanges_thenTicksAreRoundNumbers() {
        assertThat(SvgChart.niceStep(0.7)).isEqualTo(1);
        assertThat(SvgChart.niceStep(13)).isEqualTo(20);
        assertThat(SvgChart.niceStep(2.2)).isEqualTo(2.5);
        assertThat(SvgChart.niceCeiling(93)).isEqualTo(100);
    }
}
