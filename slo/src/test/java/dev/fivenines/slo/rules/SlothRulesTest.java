package dev.fivenines.slo.rules;

import dev.fivenines.slo.spec.OpenSloLoader;
import dev.fivenines.slo.spec.Slo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated rules, checked and unit-tested by Prometheus' own promtool (Debian's prometheus package). */
class SlothRulesTest {
    private static final List<Slo> SHIPPED = OpenSloLoader.loadDirectory(Path.of("..", "config", "slo"));
    private static final String CHECKOUT = "http_server_request_duration_seconds_count{job=\"edge\",http_route=\"/api/v1/checkout\","
            + "http_request_method=\"POST\",http_response_status_class=\"%s\"}";

    @Test
    void promtoolAcceptsTheRulesOfEveryShippedSlo(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("slo-rules.yaml");
        Files.writeString(rules, SlothRules.write(SHIPPED));

        Result check = promtool(dir, "check", "rules", rules.toString());

        assertThat(check.exit()).as(check.output()).isZero();
        // 7 alert windows + the period per SLO, 7 meta series, 2 alerts: 17 rules for each of the 5 SLOs.
        assertThat(check.output()).contains("SUCCESS: 85 rules found");
    }

    @Test
    void aTenPercentErrorRatePagesAndTicketsWhileAHealthyCheckoutDoesNot(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("slo-rules.yaml"), SlothRules.write(SHIPPED));
        String test = """
                rule_files: [slo-rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: '%1$s'
                        values: '0+900x180'
                      - series: '%2$s'
                        values: '0+100x180'
                    alert_rule_test:
                      - eval_time: 90m
                        alertname: CheckoutAvailabilityPage
                        exp_alerts:
                          - exp_labels: {severity: page, sloth_severity: page, sloth_id: checkout-availability, sloth_service: shop, sloth_slo: checkout-availability}
                            exp_annotations:
                              summary: "The checkout-availability SLO's error budget is burning too fast (page)"
                              title: "(page) shop checkout-availability SLO error budget burn rate is too high"
                      - eval_time: 90m
                        alertname: CheckoutAvailabilityTicket
                        exp_alerts:
                          - exp_labels: {severity: ticket, sloth_severity: ticket, sloth_id: checkout-availability, sloth_service: shop, sloth_slo: checkout-availability}
                            exp_annotations:
                              summary: "The checkout-availability SLO's error budget is burning too fast (ticket)"
                              title: "(ticket) shop checkout-availability SLO error budget burn rate is too high"
                    promql_expr_test:
                      - expr: round(slo:sli_error:ratio_rate5m{sloth_id="checkout-availability"}, 0.0001)
                        eval_time: 60m
                        exp_samples:
                          - labels: '{sloth_id="checkout-availability", sloth_service="shop", sloth_slo="checkout-availability", sloth_window="5m"}'
                            value: 0.1
                  - interval: 1m
                    input_series:
                      - series: '%1$s'
                        values: '0+1000x180'
                      - series: '%2$s'
                        values: '0+0x180'
                    alert_rule_test:
                      - eval_time: 90m
                        alertname: CheckoutAvailabilityPage
                        exp_alerts: []
                """.formatted(CHECKOUT.formatted("2xx"), CHECKOUT.formatted("5xx"));
        Path tests = dir.resolve("slo-rules-test.yaml");
        Files.writeString(tests, test);

        Result run = promtool(dir, "test", "rules", tests.toString());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    @Test
    void namesAndDurationsAreWrittenAsPrometheusWritesThem() {
        assertThat(SlothRules.alertName("checkout-availability", "page")).isEqualTo("CheckoutAvailabilityPage");
        assertThat(SlothRules.promDuration(Duration.ofMinutes(30))).isEqualTo("30m");
        assertThat(SlothRules.promDuration(Duration.ofHours(6))).isEqualTo("6h");
        assertThat(SlothRules.promDuration(Duration.ofDays(28))).isEqualTo("28d");
        assertThat(SlothRules.promDuration(Duration.ofSeconds(90))).isEqualTo("90s");
    }

    private record Result(int exit, String output) {
    }

    private static Result promtool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
