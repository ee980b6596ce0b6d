package dev.fivenines.events;

import dev.fivenines.base.ConfigException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSettingsTest {
    @Test
    void given_the_default_request_timeout_then_an_idle_fetch_is_held_2_s_and_never_more_than_half_the_request_timeout() {
        assertThat(KafkaSettings.of("127.0.0.1:9092", "shop-1").consumerConfig("g", 100))
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 2_000);
        assertThat(KafkaSettings.of("127.0.0.1:9092", "shop-1").withTimeouts(1_000, 2_000).consumerConfig("g", 100))
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
    }

    @Test
    void given_valid_settings_then_the_producer_is_idempotent_with_bounded_timeouts() {
        var settings = KafkaSettings.of("127.0.0.1:9092,kafka-2.local:19092", "shop-1");
        var producer = settings.producerConfig("relay");

        assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, KafkaSettings.DEFAULT_DELIVERY_TIMEOUT_MILLIS)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, KafkaSettings.DEFAULT_REQUEST_TIMEOUT_MILLIS)
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "shop-1-relay");
    }

    @Test
    void given_no_port_in_bootstrap_servers_then_the_message_names_the_key() {
        assertThatThrownBy(() -> KafkaSettings.of("localhost", "shop"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.bootstrapServers")
                .hasMessageContaining("'localhost'");
    }

    @Test
    void given_a_port_out_of_range_then_the_message_names_the_range() {
        assertThatThrownBy(() -> KafkaSettings.of("127.0.0.1:70000", "shop"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("port in [1, 65535]");
    }

    @Test
    void given_a_client_id_with_spaces_then_it_is_refused() {
        assertThatThrownBy(() -> KafkaSettings.of("127.0.0.1:9092", "my shop"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.clientId");
    }

    @Test
    void given_a_delivery_timeout_shorter_than_the_request_timeout_then_the_legal_range_is_stated() {
        assertThatThrownBy(() -> KafkaSettings.of("127.0.0.1:9092", "shop").withTimeouts(5_000, 4_000))
                .isInstanceOf(ConfigException.class)
                .hasMessage("kafka.deliveryTimeoutMillis must be in [5005, 600000], was 4000");
    }

    @Test
    void given_a_request_timeout_too_small_then_the_legal_range_is_stated() {
        assertThatThrownBy(() -> KafkaSettings.of("127.0.0.1:9092", "shop").withTimeouts(10, 4_000))
                .isInstanceOf(ConfigException.class)
                .hasMessage("kafka.requestTimeoutMillis must be in [500, 120000], was 10");
    }
}
