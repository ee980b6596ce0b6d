package dev.fivenines.node.supervisor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fivenines.base.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The supervisor's change events: one JSON object per line in {@code <stateDir>/events.jsonl}, the
 * format docs/supervisor.md describes (the autopilot reads them as change events). Bounded: past
 * {@link #MAX_BYTES} the file moves to {@code events.jsonl.1} (replacing the previous one) and a new
 * one begins. Thread-safe.
 */
public final class SupervisorEvents {
    /** Version of the line format; a reader skips lines of a version it does not know. */
    public static final int FORMAT = 1;
    public static final long MAX_BYTES = 10L * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(SupervisorEvents.class.getName());

    /** What happened to a supervised process. */
    public enum Type {
        /** It exited; a restart is scheduled after {@code nextDelayMillis}. */
        EXITED("process.exited"),
        /** It was started again (a new pid). */
        RESTARTED("process.restarted"),
        /** A restart attempt could not start it; another is scheduled. */
        RESTART_FAILED("process.restart-failed"),
        /** After a restart it answers ready again. */
        READY("process.ready");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** One line. Absent fields are left out of the JSON, never written as null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(int format, Instant time, String type, String instance, String role, Long pid,
                        Integer exitCode, String signal, Integer attempt, Long nextDelayMillis, Instant nextAttemptAt,
                        Long uptimeMillis, Long downMillis, String error) {
    }

    private final Path file;
    private final long maxBytes;

    public SupervisorEvents(Path file) {
        this(file, MAX_BYTES);
    }

    SupervisorEvents(Path file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
    }

    public Path file() {
        return file;
    }

    public synchronized void record(Event event) {
        String line;
        try {
            line = Json.mapper().writeValueAsString(event) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise supervisor event " + event, e);
        }
        try {
            if (Files.exists(file) && Files.size(file) + line.length() > maxBytes) {
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The event still reaches the supervisor's log; say what the file lost.
            LOG.warning("could not append to " + file + " (" + e.getMessage() + "); event lost from the file: " + line.trim());
        }
    }

    /** Every event in the current file, oldest first; lines of another format are skipped. */
    public static List<Event> read(Path file) throws IOException {
        List<Event> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            var node = Json.mapper().readTree(line);
            if (node.path("format").asInt() == FORMAT) {
                events.add(Json.mapper().treeToValue(node, Event.class));
            }
        }
        return events;
    }
}
