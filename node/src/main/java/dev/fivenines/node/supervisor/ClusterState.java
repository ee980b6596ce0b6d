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
 * What the supervisor tells the CLI: the cluster's phase, and every process it started with its
 * state (so {@code status} can say what is dead, restarting or unhealthy, and {@code down} can stop
 * them by PID even when the supervisor itself was killed). Written atomically; docs/supervisor.md
 * describes the fields.
 */
public record ClusterState(Phase phase, String message, long supervisorPid, Instant updatedAt, String edgeUrl,
                           List<Instance> instances) {

    /** READY: every process ready; DEGRADED: after start-up, something is restarting or unhealthy. */
    public enum Phase { STARTING, READY, DEGRADED, FAILED, STOPPING, STOPPED }

    /** A process's state as the CLI shows it. */
    public enum InstanceState {
        /** Launched for the first time, not ready yet. */
        STARTING,
        READY,
        /** Alive but failing its readiness check (the supervisor reports it; deciding about it is the autopilot's). */
        UNHEALTHY,
        /** Exited: waiting out its back-off, being started again, or started again and not ready yet. */
        RESTARTING,
        /** Exited and not (yet) known to the supervisor as restarting: what {@code status} sees of a fresh death. */
        DEAD,
        /** Stopped by the supervisor (down). */
        STOPPED
    }

    /**
     * One process: a role instance or an engine. {@code port} 0 when it has none. The supervision
     * fields (state onwards) are null in a file written before they existed.
     *
     * @param restarts      restarts since the supervisor started
     * @param attempt       consecutive restarts (reset after a stable run); the back-off grows with it
     * @param nextAttemptAt when a process waiting out its back-off is started again
     * @param lastExit      how its last run ended, if it ever exited
     */
    public record Instance(String name, String role, int port, long pid, String log, String healthUrl,
                           InstanceState state, Instant since, Integer restarts, Integer attempt,
                           Instant nextAttemptAt, ExitStatus lastExit) {
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
