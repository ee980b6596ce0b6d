package dev.fivenines.node.config;

import dev.fivenines.base.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code shop.stockBadgeStalenessMillis}: the product page's stock figure bound (issue 3). */
class StockBadgeConfigTest {
    private static final Path LOCAL = Path.of("../config/local.yaml");
    private static final String LINE = "  stockBadgeStalenessMillis: 2000\n";

    @Test
    void givenTheShippedTopology_thenTheBadgeMayBeTwoSecondsStale() {
        assertThat(Files.exists(LOCAL)).isTrue();
        assertThat(ClusterConfig.load(LOCAL, Map.of()).shop().stockBadgeStaleness()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void givenAFileWithoutTheKey_thenTheDefaultApplies(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("older.yaml");
        String local = Files.readString(LOCAL);
        assertThat(local).contains(LINE);
        Files.writeString(file, local.replace(LINE, ""));

        assertThat(ClusterConfig.load(file, Map.of()).shop().stockBadgeStaleness())
                .isEqualTo(Duration.ofMillis(ClusterConfig.Shop.DEFAULT_STOCK_BADGE_STALENESS_MILLIS));
    }

    @Test
    void givenAnOutOfRangeBound_thenTheMessageNamesTheKeyAndTheLegalRange(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, Files.readString(LOCAL).replace(LINE, "  stockBadgeStalenessMillis: 90000\n"));

        assertThatThrownBy(() -> ClusterConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("shop.stockBadgeStalenessMillis must be in [0, 60000], was 90000");
    }
}
