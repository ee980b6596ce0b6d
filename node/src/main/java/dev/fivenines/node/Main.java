package dev.fivenines.node;

import dev.fivenines.base.ConfigException;
import dev.fivenines.node.cli.Commands;
import picocli.CommandLine;

/** The fivenines executable. {@code ./fivenines} runs this with the JDK it found. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args);
        // Role processes block in their command until SIGTERM; everything else returns here.
        System.exit(code);
    }

    public static int run(String[] args) {
        CommandLine cli = new CommandLine(new Commands());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                commandLine.getErr().println("fivenines: configuration error: " + e.getMessage());
                return 2;
            }
            commandLine.getErr().println("fivenines: " + e.getMessage());
            if (System.getenv("FIVENINES_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }
}
