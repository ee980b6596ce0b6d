package dev.fivenines.commerce.fulfillment;

import dev.fivenines.base.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FulfillmentConfigTest {

    @Test
    void givenNoSettings_thenDeliveryTakesTwoSecondsInBatchesOfAHundred() {
        FulfillmentConfig config = FulfillmentConfig.defaults();

        assertThat(config.deliveryDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.batchSize()).isEqualTo(100);
    }

    @Test
    void givenOutOfRangeSettings_thenTheErrorNamesTheKeyAndTheLegalRange() {
        assertThatThrownBy(() -> FulfillmentConfig.defaults().withBatchSize(0))
                .isInstanceOf(ConfigException.class).hasMessage("fulfillment.batchSize must be in [1, 1000], was 0");
        assertThatThrownBy(() -> FulfillmentConfig.defaults().withDeliveryDelay(Duration.ofMillis(-1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("fulfillment.deliveryDelayMillis");
        assertThatThrownBy(() -> FulfillmentConfig.defaults().withPollInterval(Duration.ofMillis(5)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("fulfillment.pollIntervalMillis must be in [10, 60000]");
        assertThatThrownBy(() -> FulfillmentConfig.builder().carrier(" ").deliveryDelay(Duration.ZERO).batchSize(1).pollInterval(Duration.ofSeconds(1)).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("fulfillment.carrier");
    }
}
