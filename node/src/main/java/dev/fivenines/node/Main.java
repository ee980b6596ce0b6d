package dev.fivenines.node;

import dev.fivenines.base.ConfigException;
import dev.fivenines.node.cli.Commands;
import picocli.CommandLine;

import java.io.PrintWriter;

/** The fivenines executable. {@code ./fivenines} runs this with the JDK it found. */
public final class Main {
    /** A command line that does not parse: unknown command or option, missing argument. */
    public static final int USAGE_ERROR = 2;

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args);
        // Role processes block in their command until SIGTERM; everything else returns here.
        System.exit(code);
    }

    public static int run(String[] args) {
        return commandLine().execute(args);
    }

    /** The whole command tree with its error handling, as {@link #run} executes it (tests set its out and err). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Commands());
        cli.setParameterExceptionHandler(Main::usageError);
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
        return cli;
    }

    /** One clear line naming what was wrong, then where to look; never the whole usage text. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        boolean unknownVerb = command.getParent() == null && e instanceof CommandLine.UnmatchedArgumentException
                && args.length > 0 && !args[0].startsWith("-");
        if (unknownVerb) {
            err.println("fivenines: unknown command '" + args[0] + "'");
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Run ./fivenines help to list the commands.");
        } else {
            String name = command.getCommandSpec().qualifiedName(" ");
            err.println(name + ": " + e.getMessage());
            err.println("Run ./" + name + " --help for its options.");
        }
        return USAGE_ERROR;
    }
}
