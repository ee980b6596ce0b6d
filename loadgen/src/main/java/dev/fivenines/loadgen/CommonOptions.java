package dev.fivenines.loadgen;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What {@code load} and {@code check} both take (a picocli mixin), and how both read their command line. */
public final class CommonOptions {
    @Option(names = "--allow-remote", arity = "0", description = "allow a --target that is not a loopback address")
    public boolean allowRemote;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean help;

    /** A parser of {@code command}'s options; at-files are off, so an argument starting with @ is just text. */
    public static CommandLine parser(Object command) {
        return new CommandLine(command).setExpandAtFiles(false);
    }
}
