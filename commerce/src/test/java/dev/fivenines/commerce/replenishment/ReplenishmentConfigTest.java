package dev.fivenines.commerce.replenishment;

import dev.fivenines.base.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplenishmentConfigTest {
    @Test
    void givenTheDefaults_whenBuilt_thenTheyAreValid() {
        ReplenishmentConfig config = ReplenishmentConfig.defaults();

        assertThat(config.maxSendAttempts()).isEqualTo(ReplenishmentConfig.DEFAULT_MAX_SEND_ATTEMPTS);
        assertThat(config.withBatchSize(7).batchSize()).isEqualTo(7);
    }

    @Test
    void givenOutOfRangeValues_whenBuilt_thenTheErrorNamesTheSettingAndItsRange() {
        assertThatThrownBy(() -> ReplenishmentConfig.defaults().withMaxSendAttempts(0))
                .isInstanceOf(ConfigException.class).hasMessageContaining("replenishment.maxSendAttempts must be in [1, 100]");
        assertThatThrownBy(() -> ReplenishmentConfig.defaults().withBatchSize(5_000))
                .isInstanceOf(ConfigException.class).hasMessageContaining("replenishment.batchSize");
        assertThatThrownBy(() -> ReplenishmentConfig.defaults().withPollInterval(Duration.ofMillis(1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("replenishment.pollIntervalMillis");
    }
}
