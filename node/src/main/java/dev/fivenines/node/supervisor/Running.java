package dev.fivenines.node.supervisor;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalInt;

/** One run of a supervised process: from its start until it exits. */
public interface Running {
    long pid();

    boolean isAlive();

    /** Its exit code once it has exited, when the supervisor is its parent; empty otherwise. */
    OptionalInt exitCode();

    /** SIGTERM, then SIGKILL after {@code grace}; returns when it is gone. */
    void stop(Duration grace);

    /** Starts one run of a process: a role instance, Kafka or PostgreSQL. */
    @FunctionalInterface
    interface Launcher {
        /**
         * Starts the process. Returns once it is launched (a role) or up (an engine); throws, naming
         * what failed, when it could not be started. May be interrupted to abandon a start, and must
         * then leave no process behind.
         */
        Running start() throws IOException, InterruptedException;
    }

    /** Whether a running process is ready to serve; called off the supervisor's loop, bounded by its own deadline. */
    @FunctionalInterface
    interface Probe {
        boolean ready(Running running);

        /** For engines whose launcher returns only once they are up: alive is ready. */
        Probe ALIVE = Running::isAlive;
    }

    /** A child process as {@link Running}. */
    static Running of(ChildProcess child) {
        return new Running() {
            @Override
            public long pid() {
                return child.pid();
            }

            @Override
            public boolean isAlive() {
                return child.isAlive();
            }

            @Override
            public OptionalInt exitCode() {
                return child.isAlive() ? OptionalInt.empty() : OptionalInt.of(child.exitCode());
            }

            @Override
            public void stop(Duration grace) {
                child.stop(grace);
            }
        };
    }
}
