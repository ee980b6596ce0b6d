package dev.fivenines.loadgen.scenario;

import dev.fivenines.base.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ScenarioLoaderTest {
    private static final String VALID = """
            name: t
            phases:
              - duration: 10s
                rate: 5
                mix: {browse: 1}
            """;

    private static Scenario parse(String yaml) {
        return ScenarioLoader.parse(yaml, "test.yaml");
    }

    @ParameterizedTest
    @ValueSource(strings = {"steady", "diurnal", "black-friday", "flash-sale"})
    void givenEachBuiltInScenario_whenLoadedByName_thenItValidates(String name) {
        Scenario s = ScenarioLoader.load(name, Path.of("does-not-exist"));

        assertThat(s.name()).isEqualTo(name);
        assertThat(s.totalDurationMillis()).isPositive();
    }

    @Test
    void givenBlackFriday_thenItRampsToTenTimesWithinAMinute() {
        Scenario s = ScenarioLoader.load("black-friday", Path.of("none"));
        Phase ramp = s.phases().get(1);

        assertThat(ramp.durationMillis()).isEqualTo(60_000);
        assertThat(ramp.endRatePerSecond() / ramp.startRatePerSecond()).isEqualTo(10.0);
    }

    @Test
    void givenFlashSale_thenItBuysOneSkuWithLimitedStock() {
        Scenario s = ScenarioLoader.load("flash-sale", Path.of("none"));

        assertThat(s.flashSale().stockUnits()).isEqualTo(100);
        assertThat(s.phases()).anyMatch(p -> p.mix().includes(SessionKind.FLASH_BUY));
    }

    @Test
    void givenARampWithANegativeEnd_thenTheMessageNamesTheKeyAndTheLegalRange() {
        assertThatThrownBy(() -> parse("""
                name: t
                phases:
                  - {duration: 10s, rate: 5, mix: {browse: 1}}
                  - {duration: 10s, rate: {start: 5, end: -5}, mix: {browse: 1}}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("phases[1].rate.end").hasMessageContaining("[0, 100000]").hasMessageContaining("-5");
    }

    @Test
    void givenAMisspelledKey_thenItIsRejectedWithTheKnownKeys() {
        assertThatThrownBy(() -> parse(VALID + "maxInFlite: 10\n"))
                .hasMessageContaining("maxInFlite is not a known key").hasMessageContaining("maxInFlight");
    }

    @Test
    void givenAnUnknownSessionKind_thenTheMessageListsTheKinds() {
        assertThatThrownBy(() -> parse("name: t\nphases: [{duration: 1s, rate: 1, mix: {window-shop: 3}}]\n"))
                .hasMessageContaining("phases[0].mix.window-shop is not a session kind").hasMessageContaining("flash-buy");
    }

    @Test
    void givenAPhaseWithoutDuration_thenTheMessageSaysItIsRequired() {
        assertThatThrownBy(() -> parse("name: t\nphases: [{rate: 1, mix: {browse: 1}}]\n"))
                .hasMessageContaining("phases[0].duration is required");
    }

    @Test
    void givenAMalformedDuration_thenTheMessageShowsTheFormat() {
        assertThatThrownBy(() -> parse("name: t\nphases: [{duration: soon, rate: 1, mix: {browse: 1}}]\n"))
                .hasMessageContaining("phases[0].duration must be a duration such as 500ms, 60s, 2m or 1h");
    }

    @Test
    void givenFlashBuysWithoutAFlashSaleSection_thenItIsRejected() {
        assertThatThrownBy(() -> parse("name: t\nphases: [{duration: 1s, rate: 1, mix: {flash-buy: 1}}]\n"))
                .hasMessageContaining("phases[0].mix.flash-buy needs a flashSale section");
    }

    @Test
    void givenAllMixWeightsZero_thenItIsRejected() {
        assertThatThrownBy(() -> parse("name: t\nphases: [{duration: 1s, rate: 1, mix: {browse: 0}}]\n"))
                .hasMessageContaining("phases[0].mix").hasMessageContaining("weight > 0");
    }

    @Test
    void givenAnOutOfRangeInFlightCapAndRetryCount_thenEachNamesItsRange() {
        assertThatThrownBy(() -> parse(VALID + "maxInFlight: 0\n")).hasMessageContaining("maxInFlight must be in [1, 100000], was 0");
        assertThatThrownBy(() -> parse(VALID + "checkout: {maxAttempts: 11}\n"))
                .hasMessageContaining("checkout.maxAttempts must be in [1, 10], was 11");
        assertThatThrownBy(() -> parse(VALID + "flashSale: {sku: x}\n")).hasMessageContaining("flashSale.stock is required");
    }

    @Test
    void givenNoPhases_thenItIsRejected() {
        assertThatThrownBy(() -> parse("name: t\n")).hasMessageContaining("phases is required");
        assertThatThrownBy(() -> parse("name: t\nphases: []\n")).hasMessageContaining("phases is required");
    }

    @Test
    void givenANameNorFile_thenTheMessageListsTheBuiltIns() {
        assertThatThrownBy(() -> ScenarioLoader.load("cyber-monday", Path.of("none")))
                .hasMessageContaining("steady, diurnal, black-friday, flash-sale");
    }

    @Test
    void givenRateAndDurationOverrides_thenTheCurveKeepsItsShape() {
        Scenario s = ScenarioLoader.load("black-friday", Path.of("none")).withBaseRate(2).withDurationMillis(27_000);

        assertThat(s.phases().get(0).startRatePerSecond()).isCloseTo(2, within(1e-9));
        assertThat(s.phases().get(1).endRatePerSecond()).isCloseTo(20, within(1e-9));
        assertThat(s.totalDurationMillis()).isEqualTo(27_000);
        assertThat(s.phases().get(2).durationMillis()).isEqualTo(12_000);
    }

    @Test
    void givenDurations_thenTheyParseInEveryUnit() {
        assertThat(Durations.parseMillis("k", "500ms")).isEqualTo(500);
        assertThat(Durations.parseMillis("k", "60s")).isEqualTo(60_000);
        assertThat(Durations.parseMillis("k", "2m")).isEqualTo(120_000);
        assertThat(Durations.parseMillis("k", "1h")).isEqualTo(3_600_000);
        assertThat(Durations.parseMillis("k", "1.5")).isEqualTo(1_500);
    }
}
