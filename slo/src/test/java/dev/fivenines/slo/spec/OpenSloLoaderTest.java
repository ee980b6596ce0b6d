package dev.fivenines.slo.spec;

import dev.fivenines.base.ConfigException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenSloLoaderTest {
    static final Path SHIPPED = Path.of("..", "config", "slo");

    private static final String GOOD = """
            apiVersion: openslo/v1
            kind: SLO
            metadata:
              name: checkout-availability
              labels:
                journey: checkout
            spec:
              service: shop
              indicator:
                spec:
                  ratioMetric:
                    counter: true
                    bad:
                      metricSource:
                        type: Prometheus
                        spec:
                          query: sum(rate(errors_total[{{.window}}]))
                    total:
                      metricSource:
                        type: Prometheus
                        spec:
                          query: sum(rate(requests_total[{{.window}}]))
              timeWindow:
                - duration: 28d
                  isRolling: true
              budgetingMethod: Occurrences
              objectives:
                - displayName: most succeed
                  target: 0.999
            """;

    @Test
    void theShippedSlosCoverEveryJourneyTheIssueNames() {
        List<Slo> slos = OpenSloLoader.loadDirectory(SHIPPED);

        assertThat(slos).extracting(Slo::name).containsExactlyInAnyOrder("add-to-cart", "checkout-availability",
                "checkout-latency", "order-status", "product-pages");
        assertThat(slos).extracting(Slo::journey).contains("checkout", "cart", "browse", "order-status");
        assertThat(slos).allSatisfy(s -> {
            assertThat(s.window()).isEqualTo(Duration.ofDays(28));
            assertThat(s.objectives()).hasSize(1);
            assertThat(s.sli().totalQuery()).contains("job=\"edge\"").contains(RatioSli.WINDOW);
        });
        Slo availability = slos.stream().filter(s -> s.name().equals("checkout-availability")).findFirst().orElseThrow();
        assertThat(availability.objectives().getFirst().target()).isEqualByComparingTo("0.9995");
        assertThat(availability.source()).endsWith("checkout.yaml:3");
    }

    @Test
    void aWellFormedDocumentLoadsWithItsDecimalTargetAndQueries() {
        Slo slo = OpenSloLoader.parse(GOOD, "good.yaml").getFirst();

        assertThat(slo.objectives().getFirst().errorBudget()).isEqualTo(new BigDecimal("0.001"));
        assertThat(slo.sli().errorRatioQuery("5m")).isEqualTo("(sum(rate(errors_total[5m])))\n/\n(sum(rate(requests_total[5m])))");
        assertThat(slo.id(slo.objectives().getFirst())).isEqualTo("checkout-availability");
    }

    @Test
    void everyErrorNamesTheFileTheLineTheKeyAndTheLegalValues() {
        assertError(GOOD.replace("target: 0.999", "target: 1.5"),
                "bad.yaml:29: spec.objectives[0].target must be in (0, 1), such as 0.999, was 1.5");
        assertError(GOOD.replace("budgetingMethod: Occurrences", "budgetingMethod: Timeslices"),
                "bad.yaml:26: spec.budgetingMethod must be one of [Occurrences]");
        assertError(GOOD.replace("  service: shop", "  servce: shop"),
                "bad.yaml:8: spec.servce is not a key this platform reads here; known: [description, service,");
        assertError(GOOD.replace("requests_total[{{.window}}]", "requests_total[5m]"),
                "bad.yaml:22: spec.indicator.spec.ratioMetric.total.metricSource.spec.query must contain {{.window}}");
        assertError(GOOD.replace("isRolling: true", "isRolling: false"),
                "bad.yaml:24: spec.timeWindow[0] must be rolling (isRolling: true)");
        assertError(GOOD.replace("duration: 28d", "duration: 4 weeks"),
                "bad.yaml:24: spec.timeWindow[0].duration must be a whole number and a unit of [m, h, d, w], such as 28d, was '4 weeks'");
        assertError(GOOD.replaceFirst("type: Prometheus", "type: Datadog"),
                "bad.yaml:15: spec.indicator.spec.ratioMetric.bad.metricSource.type must be one of [Prometheus], was 'Datadog'");
        assertError(GOOD.replace("apiVersion: openslo/v1", "apiVersion: openslo/v2alpha"),
                "bad.yaml:1: apiVersion must be openslo/v1, was 'openslo/v2alpha'");
        assertError(GOOD.replace("journey: checkout", "team: payments"),
                "bad.yaml:5: metadata.labels.journey is required");
        assertError(GOOD.replace("bad:", "good:").replace("    total:", "    bad:"),
                "bad.yaml:11: spec.indicator.spec.ratioMetric needs exactly one of [good, bad], and total");
        assertError("kind: Service\n", "bad.yaml: no SLO document");
    }

    @Test
    void aServiceDocumentBesideTheSloIsSkippedAndTwoIdsAlikeAreRefused() {
        String withService = "apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: shop\n---\n" + GOOD;
        assertThat(OpenSloLoader.parse(withService, "two.yaml")).hasSize(1);

        assertThatThrownBy(() -> OpenSloLoader.parse(GOOD.replace("    - displayName: most succeed\n      target: 0.999",
                "    - displayName: most succeed\n      target: 0.999\n    - displayName: Most Succeed!\n      target: 0.99"), "dup.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("dup.yaml:30: spec.objectives[1].displayName names objective 'most-succeed' twice in this SLO");
    }

    private static void assertError(String yaml, String messageStart) {
        assertThatThrownBy(() -> OpenSloLoader.parse(yaml, "bad.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(messageStart);
    }
}
