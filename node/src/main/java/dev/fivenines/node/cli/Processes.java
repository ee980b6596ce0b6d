package dev.fivenines.node.cli;

import dev.fivenines.node.supervisor.StateDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Finding the processes a previous {@code up} started, by the PIDs it recorded. */
final class Processes {
    private Processes() {
    }

    static Optional<ProcessHandle> supervisor(StateDir state) {
        try {
            if (!Files.exists(state.supervisorPidFile())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(state.supervisorPidFile()).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> looksLike(p, "java"));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A recorded PID may have been reused after a reboot: only touch a process that looks like ours. */
    static boolean looksLike(ProcessHandle process, String executableFragment) {
        return process.info().command().map(c -> c.contains(executableFragment)).orElse(true);
    }

    static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }
}
