package dev.fivenines.node.cli;

import dev.fivenines.db.PostgresServer;
import dev.fivenines.node.Logs;
import dev.fivenines.node.config.ClusterConfig;
import dev.fivenines.node.supervisor.ChildProcess;
import dev.fivenines.node.supervisor.ClusterState;
import dev.fivenines.node.supervisor.StateDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code fivenines down}: asks the supervisor to stop everything, then stops by PID whatever it
 * recorded and is still alive (the supervisor may have been killed), so no process is left behind.
 * Data in the state directory is kept.
 */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop everything 'up' started; keeps the data.")
public final class DownCommand implements Callable<Integer> {
    static final int SUPERVISOR_STOP_SECONDS = 120;

    @Option(names = "--config", description = "Topology file (default config/local.yaml, or FIVENINES_CONFIG).")
    Path config;

    @Override
    public Integer call() throws Exception {
        Logs.cli();
        ClusterConfig cfg = Commands.config(Commands.configFile(config));
        StateDir state = Commands.state(cfg);
        int stopped = 0;
        Optional<ProcessHandle> supervisor = Processes.supervisor(state);
        if (supervisor.isPresent()) {
            System.out.println("stopping the supervisor (pid " + supervisor.get().pid() + ") and everything it started ...");
            supervisor.get().destroy();
            try {
                // Roles get up to 60 s (a JVM recording its AOT configuration), then Kafka and PostgreSQL 15 s each.
                supervisor.get().onExit().get(SUPERVISOR_STOP_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("the supervisor did not stop within " + SUPERVISOR_STOP_SECONDS + " s; killing it");
                supervisor.get().destroyForcibly();
            }
            stopped++;
        }
        Optional<ClusterState> cluster = ClusterState.read(state.clusterFile());
        if (cluster.isPresent()) {
            for (ClusterState.Instance instance : cluster.get().instances()) {
                if (instance.pid() <= 0) {
                    continue;
                }
                Optional<ProcessHandle> process = ProcessHandle.of(instance.pid()).filter(ProcessHandle::isAlive)
                        .filter(p -> Processes.looksLike(p, instance.role().equals("postgres") ? "postgres" : "java"));
                if (process.isPresent()) {
                    System.out.println("stopping leftover " + instance.name() + " (pid " + instance.pid() + ")");
                    ChildProcess.stop(process.get(), instance.name(), Duration.ofSeconds(15));
                    stopped++;
                }
            }
        }
        // A postgres whose supervisor died before recording it: its pid file tells.
        var postmaster = PostgresServer.readPostmasterPid(state.postgresData());
        if (postmaster.isPresent()) {
            Optional<ProcessHandle> pg = ProcessHandle.of(postmaster.getAsLong()).filter(ProcessHandle::isAlive)
                    .filter(p -> Processes.looksLike(p, "postgres"));
            if (pg.isPresent()) {
                System.out.println("stopping postgres (pid " + postmaster.getAsLong() + ")");
                ChildProcess.stop(pg.get(), "postgres", Duration.ofSeconds(30));
                stopped++;
            }
        }
        Files.deleteIfExists(state.supervisorPidFile());
        System.out.println(stopped == 0 ? "nothing was running" : "stopped; data kept in " + state.root());
        return 0;
    }
}
