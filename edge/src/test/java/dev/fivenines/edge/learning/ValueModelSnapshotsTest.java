package dev.fivenines.edge.learning;

import dev.fivenines.traffic.value.OnlineLogisticRegression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ValueModelSnapshotsTest {
    private static final double[] BUYER = {1, 0.5, 1, 1, 0.2};
    private static final double[] BROWSER = {1, 0, 0, 0, 0.02};
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T06:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static OnlineLogisticRegression trained() {
        OnlineLogisticRegression model = new OnlineLogisticRegression(5, 0.05, 1e-4);
        for (int i = 0; i < 300; i++) {
            model.update(BUYER, true);
            model.update(BROWSER, false);
        }
        return model;
    }

    private static OnlineLogisticRegression fresh() {
        return new OnlineLogisticRegression(5, 0.05, 1e-4);
    }

    @Test
    void givenAModelSavedByOneEdge_whenTheNextStartRestoresIt_thenItRanksAsBeforeTheRestart() {
        Path file = dir.resolve("edge/edge-1/value-model.json");
        OnlineLogisticRegression before = trained();
        assertThat(new ValueModelSnapshots(before, file, 10_000, CLOCK).saveIfChanged()).isTrue();

        OnlineLogisticRegression after = fresh();
        assertThat(new ValueModelSnapshots(after, file, 10_000, CLOCK).restore()).isTrue();

        assertThat(after.weights()).containsExactly(before.weights());
        assertThat(after.updates()).isEqualTo(600);
        assertThat(after.predict(BUYER)).isGreaterThan(after.predict(BROWSER) + 0.5);
        assertThat(dir.resolve("edge/edge-1")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void givenNoSnapshot_whenRestoring_thenTheModelStartsUntrained() {
        OnlineLogisticRegression model = fresh();
        assertThat(new ValueModelSnapshots(model, dir.resolve("value-model.json"), 10_000, CLOCK).restore()).isFalse();
        assertThat(model.predict(BUYER)).isEqualTo(0.5);
    }

    @Test
    void givenADamagedSnapshot_whenRestoring_thenItIsIgnoredAndTheEdgeStartsUntrained() throws IOException {
        Path file = dir.resolve("value-model.json");
        for (String damaged : new String[]{"{not json", "{\"format\":2,\"weights\":[1,2],\"gradSquares\":[1,2]}",
                "{\"format\":1,\"weights\":[0,0,0,0,0]}", "{\"format\":2,\"weights\":[0,\"x\",0,0,0],\"gradSquares\":[0,0,0,0,0]}",
                "{\"format\":2,\"weights\":[0,0,0,0,0]}", "{\"format\":2,\"weights\":[0,0,0,0,0],\"gradSquares\":[0,-1,0,0,0]}", "[]"}) {
            Files.writeString(file, damaged);
            OnlineLogisticRegression model = fresh();
            assertThat(new ValueModelSnapshots(model, file, 10_000, CLOCK).restore()).as(damaged).isFalse();
            assertThat(model.weights()).as(damaged).containsOnly(0.0);
        }
    }

    @Test
    void givenNothingLearnedSinceTheLastSnapshot_whenAskedToSave_thenNothingIsWritten() throws IOException {
        Path file = dir.resolve("value-model.json");
        OnlineLogisticRegression model = trained();
        ValueModelSnapshots snapshots = new ValueModelSnapshots(model, file, 10_000, CLOCK);
        assertThat(snapshots.saveIfChanged()).isTrue();
        Files.delete(file);

        assertThat(snapshots.saveIfChanged()).isFalse();
        assertThat(file).doesNotExist();

        model.update(BUYER, true);
        assertThat(snapshots.saveIfChanged()).isTrue();
        assertThat(file).exists();
    }

    @Test
    void givenARunningLoop_whenTheModelLearns_thenASnapshotFollows_andCloseWritesTheLastLesson() {
        Path file = dir.resolve("value-model.json");
        OnlineLogisticRegression model = fresh();
        ValueModelSnapshots snapshots = new ValueModelSnapshots(model, file, 20, CLOCK).start();
        try {
            model.update(BUYER, true);
            await().until(() -> Files.exists(file));
        } finally {
            model.update(BROWSER, false);
            snapshots.close();
        }
        OnlineLogisticRegression restored = fresh();
        assertThat(new ValueModelSnapshots(restored, file, 10_000, CLOCK).restore()).isTrue();
        assertThat(restored.updates()).isEqualTo(2);
        assertThat(restored.weights()).containsExactly(model.weights());
    }
}
