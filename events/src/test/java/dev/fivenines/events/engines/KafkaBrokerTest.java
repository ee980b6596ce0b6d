package dev.fivenines.events.engines;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher's pure parts; starting a real broker is covered by every *KafkaTest. */
class KafkaBrokerTest {
    @TempDir
    Path dir;

    @Test
    void given_a_directory_without_broker_jars_then_start_fails_before_launching_and_says_how_to_build_them() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        assertThatThrownBy(() -> KafkaBroker.start(java, dir.resolve("no-lib"), dir.resolve("data"), 0, 0, dir.resolve("log")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no Kafka broker jars")
                .hasMessageContaining("mvn -o -q -pl kafka-broker process-resources");
        assertThat(dir.resolve("data").resolve("server.properties")).doesNotExist();
    }

    @Test
    void given_ports_then_the_written_config_is_a_single_node_kraft_broker_without_topic_auto_creation() throws IOException {
        Path config = dir.resolve("server.properties");

        KafkaBroker.writeServerProperties(config, dir.resolve("kraft-logs"), 19092, 19093);

        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(config)) {
            p.load(in);
        }
        assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(p.getProperty("node.id")).isEqualTo("1");
        assertThat(p.getProperty("controller.quorum.bootstrap.servers")).isEqualTo("127.0.0.1:19093");
        assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
        assertThat(p.getProperty("log.dirs")).isEqualTo(dir.resolve("kraft-logs").toAbsolutePath().toString());
        assertThat(p.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("min.insync.replicas")).isEqualTo("1");
        assertThat(p.getProperty("group.initial.rebalance.delay.ms")).isEqualTo("0");
        assertThat(p.getProperty("metadata.max.idle.interval.ms")).as("no-op records of an idle controller").isEqualTo("5000");
        assertThat(p.getProperty("auto.create.topics.enable")).isEqualTo("false");
        assertThat(p.getProperty("num.partitions")).isEqualTo("6");
    }

    @Test
    void given_a_previous_config_then_the_controller_port_is_reused_because_the_quorum_state_names_it() throws IOException {
        Path config = dir.resolve("server.properties");
        assertThat(KafkaBroker.recordedControllerPort(config)).isZero();

        KafkaBroker.writeServerProperties(config, dir.resolve("kraft-logs"), 19092, 23456);

        assertThat(KafkaBroker.recordedControllerPort(config)).isEqualTo(23456);
    }
}
