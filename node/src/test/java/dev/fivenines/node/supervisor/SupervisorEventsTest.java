package dev.fivenines.node.supervisor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SupervisorEventsTest {
    private static SupervisorEvents.Event exited(int attempt) {
        return new SupervisorEvents.Event(SupervisorEvents.FORMAT, Instant.parse("2026-12-07T10:00:00Z"), "process.exited",
                "inventory-2", "inventory", 4242L, 137, "SIGKILL", attempt, 1000L, Instant.parse("2026-12-07T10:00:01Z"),
                60_000L, null, null);
    }

    @Test
    void eachEventIsOneJsonLineWithoutTheFieldsItDoesNotHave(@TempDir Path dir) throws Exception {
        SupervisorEvents events = new SupervisorEvents(dir.resolve("events.jsonl"));
        events.record(exited(1));

        List<String> lines = Files.readAllLines(events.file());
        assertThat(lines).hasSize(1);
        JsonNode line = Json.mapper().readTree(lines.get(0));
        assertThat(line.path("format").asInt()).isEqualTo(1);
        assertThat(line.path("time").asText()).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(line.path("type").asText()).isEqualTo("process.exited");
        assertThat(line.path("instance").asText()).isEqualTo("inventory-2");
        assertThat(line.path("exitCode").asInt()).isEqualTo(137);
        assertThat(line.path("signal").asText()).isEqualTo("SIGKILL");
        assertThat(line.path("nextDelayMillis").asLong()).isEqualTo(1000);
        assertThat(line.has("downMillis")).isFalse();
        assertThat(line.has("error")).isFalse();
        assertThat(SupervisorEvents.read(events.file())).containsExactly(exited(1));
    }

    @Test
    void givenTheFileReachesItsBound_thenItMovesAsideAndANewOneBegins(@TempDir Path dir) throws Exception {
        int lineBytes = (Json.mapper().writeValueAsString(exited(1)) + "\n").length();
        SupervisorEvents events = new SupervisorEvents(dir.resolve("events.jsonl"), 3L * lineBytes);
        for (int i = 1; i <= 5; i++) {
            events.record(exited(i));
        }
        assertThat(SupervisorEvents.read(dir.resolve("events.jsonl.1"))).extracting(SupervisorEvents.Event::attempt)
                .containsExactly(1, 2, 3);
        assertThat(SupervisorEvents.read(events.file())).extracting(SupervisorEvents.Event::attempt).containsExactly(4, 5);
        assertThat(Files.size(events.file())).isLessThanOrEqualTo(3L * lineBytes);
    }

    @Test
    void linesOfAnotherFormatAreSkipped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, "{\"format\":2,\"type\":\"process.exited\",\"somethingNew\":true}\n");
        new SupervisorEvents(file).record(exited(1));
        assertThat(SupervisorEvents.read(file)).containsExactly(exited(1));
    }
}
