package dev.fivenines.node.supervisor;

import dev.fivenines.base.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the supervisor tells the CLI: the start-up phase and every process it started (so {@code down}
 * can stop them by PID even when the supervisor itself was killed). Written atomically.
 */
public record ClusterState(Phase phase, String message, long supervisorPid, Instant updatedAt, String edgeUrl,
                           List<Instance> instances) {

    public enum Phase { STARTING, READY, FAILED, STOPPING, STOPPED }

    /** One process: a role instance or an engine. {@code port} 0 when it has none. */
    public record Instance(String name, String role, int port, long pid, String log, String healthUrl) {
    }

    public ClusterState {
        instances = List.copyOf(instances);
    }

    public ClusterState with(Phase newPhase, String newMessage, List<Instance> newInstances) {
        return new ClusterState(newPhase, newMessage, supervisorPid, Instant.now(), edgeUrl, newInstances);
    }

    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Optional<ClusterState> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(file.toFile(), ClusterState.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
