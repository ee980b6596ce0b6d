package dev.fivenines.node.config;

import dev.fivenines.base.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterConfigTest {
    private static final Path LOCAL = ShippedConfig.LOCAL;


    @Test
    void theShippedLocalTopologyIsValidAndPortsFollowTheOffset() {
        ClusterConfig config = ClusterConfig.load(LOCAL, Map.of("FIVENINES_PORT_OFFSET", "1000"));

        assertThat(config.instances("shop")).isEqualTo(2);
        assertThat(config.port("edge", 1)).isEqualTo(9080);
        assertThat(config.port("shop", 2)).isEqualTo(9082);
        assertThat(config.postgresPort()).isEqualTo(16432);
    }

    @Test
    void givenTheShippedTopology_whenLoaded_thenTheServicesOffTheBuyingPathRunLowerAndTheLedgerHigher() {
        ClusterConfig config = ClusterConfig.load(LOCAL, Map.of("FIVENINES_FULFILLMENT_INSTANCES", "2"));

        assertThat(config.roles().get("fulfillment").niceness()).as("kept through an instances override").isEqualTo(10);
        assertThat(config.roles().get("recommendations").niceness()).isEqualTo(10);
        for (String buyingPath : List.of("edge", "shop")) {
            assertThat(config.roles().get(buyingPath).niceness()).as(buyingPath).isZero();
        }
        assertThat(config.roles().get("inventory").niceness()).as("Raft heartbeats and pauses not starved").isEqualTo(-10);
    }

    @Test
    void environmentOverridesPointAtExternalEngines() {
        ClusterConfig config = ClusterConfig.load(LOCAL, Map.of(
                "FIVENINES_POSTGRES_URL", "jdbc:postgresql://db.internal:26257/shop",
                "FIVENINES_KAFKA_BOOTSTRAP", "k1:9092,k2:9092",
                "FIVENINES_SHOP_INSTANCES", "4"));

        assertThat(config.postgres().embedded()).isFalse();
        assertThat(config.postgres().url()).isEqualTo("jdbc:postgresql://db.internal:26257/shop");
        assertThat(config.kafka().embedded()).isFalse();
        assertThat(config.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(config.instances("shop")).isEqualTo(4);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', textBlock = """
            shop:            { instances: 2     | shop:            { instances: 40     | roles.shop.instances must be in [0, 16], was 40
            '  groups: 1 '                       | '  groups: 0 '                       | inventory.groups must be in [1, 16], was 0
            fulfillment:     { instances: 1, basePort: 8091, heapMb: 160, niceness: 10 | fulfillment:     { instances: 1, basePort: 8091, heapMb: 160, niceness: 20 | roles.fulfillment.niceness must be in [-20, 19], was 20
            """)
    void anOutOfRangeValueInTheFileNamesTheKeyAndTheLegalRange(String text, String replacement, String message,
                                                               @TempDir Path dir) throws Exception {
        Path file = ShippedConfig.withEdit(dir, text, replacement);

        assertThatThrownBy(() -> ClusterConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void givenTheShippedTopology_whenLoaded_thenTheLedgerHasOneGroupAndTheEnvironmentCanChangeIt() {
        assertThat(ClusterConfig.load(LOCAL, Map.of()).inventory()).isEqualTo(new ClusterConfig.Inventory(1, 30));
        assertThat(ClusterConfig.load(LOCAL, Map.of("FIVENINES_INVENTORY_GROUPS", "3")).inventory().groups()).isEqualTo(3);
    }

    @Test
    void givenSeventeenLedgerGroups_whenLoaded_thenTheKeyAndItsRangeAreNamed() {
        assertThatThrownBy(() -> ClusterConfig.load(LOCAL, Map.of("FIVENINES_INVENTORY_GROUPS", "17")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("inventory.groups must be in [1, 16], was 17");
    }

    @Test
    void givenAFileWithoutAnInventorySection_whenLoaded_thenTheLedgerDefaultsApply(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.yaml");
        String yaml = Files.readString(LOCAL);
        int from = yaml.indexOf("inventory:\n  groups:");
        int to = yaml.indexOf("\n\n", from);
        Files.writeString(file, yaml.substring(0, from) + yaml.substring(to + 2));

        assertThat(Files.readString(file)).doesNotContain("stockLowReannounceSeconds");
        assertThat(ClusterConfig.load(file, Map.of()).inventory()).isEqualTo(ClusterConfig.Inventory.defaults());
    }

    @Test
    void anUnknownKeyIsRefusedWithItsName(@TempDir Path dir) throws Exception {
        Path file = ShippedConfig.withEdit(dir, "portOffset: 0", "portOffset: 0\nportOfset: 3");

        assertThatThrownBy(() -> ClusterConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'portOfset'");
    }

    @Test
    void aMalformedEnvironmentOverrideIsReported() {
        assertThatThrownBy(() -> ClusterConfig.load(LOCAL, Map.of("FIVENINES_PORT_OFFSET", "ten")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("FIVENINES_PORT_OFFSET must be an integer, was 'ten'");
    }
}
