package dev.fivenines.node.cli;

import dev.fivenines.node.Logs;
import dev.fivenines.node.config.ClusterConfig;
import dev.fivenines.node.roles.InventoryRole;
import dev.fivenines.node.roles.RoleRunner;
import dev.fivenines.node.supervisor.StateDir;
import dev.fivenines.node.supervisor.Supervisor;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The command tree: {@code fivenines up|down|status|trace|load|check|slo|test|build|help}, plus the
 * internal ones. With no command it prints the list, as {@code help} does.
 */
@Command(name = "fivenines", mixinStandardHelpOptions = true, version = "fivenines 0.1.0",
        description = "A high-availability e-commerce platform on one laptop.",
        footer = {"", "Run ./fivenines help <command> (or ./fivenines <command> --help) for a command's options."},
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, TraceCommand.class, LoadCommand.class,
                CheckCommand.class, SloCommand.class, LauncherVerbs.Test.class, LauncherVerbs.Build.class, HelpCommand.class,
                Commands.Supervise.class, Commands.RoleCommand.class})
public final class Commands implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the project lives: the launcher passes it; defaults to the working directory. */
    static Path home() {
        return Path.of(System.getProperty("fivenines.home", ".")).toAbsolutePath().normalize();
    }

    static Path configFile(Path given) {
        if (given != null) {
            return given.toAbsolutePath();
        }
        String env = System.getenv("FIVENINES_CONFIG");
        return env != null && !env.isBlank() ? Path.of(env).toAbsolutePath() : home().resolve("config/local.yaml");
    }

    static ClusterConfig config(Path configFile) {
        return ClusterConfig.load(configFile, System.getenv());
    }

    static StateDir state(ClusterConfig config) {
        return new StateDir(home().resolve(config.stateDir()));
    }

    @Command(name = "supervise", hidden = true, mixinStandardHelpOptions = true, description = "Run the local cluster's supervisor (started by 'up').")
    static final class Supervise implements Callable<Integer> {
        @Option(names = "--config")
        Path config;

        @Override
        public Integer call() throws Exception {
            Path file = configFile(config);
            ClusterConfig configured = config(file);
            StateDir state = state(configured);
            Logs.json("supervisor", "supervisor");
            ClusterConfig cfg = InventoryRole.keepRecordedGroups(configured, state.root());
            String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            Path kafkaLib = home().resolve("kafka-broker/target/lib");
            return new Supervisor(cfg, state, file, Map.copyOf(System.getenv()), java,
                    System.getProperty("java.class.path"), kafkaLib).run();
        }
    }

    @Command(name = "role", hidden = true, mixinStandardHelpOptions = true, description = "Run one role instance in this process (started by the supervisor).")
    static final class RoleCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "edge, shop, fulfillment or recommendations")
        String role;
        @Option(names = "--instance", required = true)
        int instance;
        @Option(names = "--port", required = true)
        int port;
        @Option(names = "--config")
        Path config;

        @Override
        public Integer call() throws Exception {
            return RoleRunner.run(role, instance, port, configFile(config), home(), System.getenv());
        }
    }
}
