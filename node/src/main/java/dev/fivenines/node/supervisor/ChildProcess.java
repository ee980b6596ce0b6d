package dev.fivenines.node.supervisor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/** A process the supervisor started, with its output appended to a log file. */
public final class ChildProcess {
    private static final Logger LOG = Logger.getLogger(ChildProcess.class.getName());

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        return new ChildProcess(name, builder.start(), log);
    }

    /**
     * The command run at CPU priority {@code niceness} (0 = unchanged). {@code nice} execs the
     * command, so the process we hold (its pid, its exit) is the command itself.
     */
    /**
     * Whether this process may start children at a negative niceness: it holds CAP_SYS_NICE (bit 23
     * of {@code CapEff} in /proc/self/status; root has it). Without it {@code nice -n -10} prints a
     * warning and runs the command at the inherited niceness.
     */
    static boolean mayRaisePriority(String procSelfStatus) {
        for (String line : procSelfStatus.split("\n")) {
            if (line.startsWith("CapEff:")) {
                long caps = Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                return (caps & (1L << 23)) != 0;
            }
        }
        return false;
    }

    static boolean mayRaisePriority() {
        try {
            return mayRaisePriority(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static List<String> niced(int niceness, List<String> command) {
        if (niceness == 0) {
            return command;
        }
        List<String> out = new java.util.ArrayList<>(List.of("nice", "-n", Integer.toString(niceness)));
        out.addAll(command);
        return out;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits at most {@code timeout} for it to exit; whether it has. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitCode() {
        return process.exitValue();
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code grace}. Returns when it is gone. */
    public void stop(Duration grace) {
        stop(process.toHandle(), name, grace);
    }

    public static void stop(ProcessHandle handle, String name, Duration grace) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warning(name + " (pid " + handle.pid() + ") did not stop within " + grace.toSeconds()
                    + " s after SIGTERM; killing it");
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception again) {
                LOG.severe(name + " (pid " + handle.pid() + ") survived SIGKILL for 10 s");
            }
        }
    }
}
