package dev.fivenines.node.cli;

import dev.fivenines.base.ConfigException;
import dev.fivenines.slo.rules.SlothRules;
import dev.fivenines.slo.spec.Objective;
import dev.fivenines.slo.spec.OpenSloLoader;
import dev.fivenines.slo.spec.Slo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fivenines slo check|rules}: validate the SLO files, or write them as Prometheus rules. */
@Command(name = "slo", mixinStandardHelpOptions = true, description = "Service level objectives (config/slo, OpenSLO v1): check the files, or write Prometheus rules.",
        subcommands = {SloCommand.Check.class, SloCommand.Rules.class})
public final class SloCommand implements Runnable {
    /** Exit code of a file that does not validate (the message names the file, the line and the key). */
    static final int INVALID = 2;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Path dir(Path given) {
        return given != null ? given : Commands.home().resolve("config/slo");
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "Validate every SLO file of the directory; exit 0 when all are valid, 2 otherwise.")
    static final class Check implements Callable<Integer> {
        @Option(names = "--dir", description = "the SLO files (default: config/slo)")
        Path dir;

        @Override
        public Integer call() {
            try {
                List<Slo> slos = OpenSloLoader.loadDirectory(dir(dir));
                for (Slo slo : slos) {
                    for (Objective o : slo.objectives()) {
                        System.out.printf("%s: %s of %s over %dd (journey %s, service %s)%n", slo.id(o), o.target().toPlainString(),
                                slo.displayName().isEmpty() ? "events" : slo.displayName(), slo.window().toDays(), slo.journey(), slo.service());
                    }
                }
                System.out.println(slos.size() + " SLOs valid in " + dir(dir));
                return 0;
            } catch (ConfigException e) {
                System.err.println("invalid SLO: " + e.getMessage());
                return INVALID;
            }
        }
    }

    @Command(name = "rules", mixinStandardHelpOptions = true,
            description = "Write Prometheus recording and alerting rules for the SLOs, in the shape Sloth generates.")
    static final class Rules implements Callable<Integer> {
        @Option(names = "--dir", description = "the SLO files (default: config/slo)")
        Path dir;

        @Option(names = "--out", description = "the rules file to write (default: standard output)")
        Path out;

        @Override
        public Integer call() throws IOException {
            String rules;
            try {
                rules = SlothRules.write(OpenSloLoader.loadDirectory(dir(dir)));
            } catch (ConfigException e) {
                System.err.println("invalid SLO: " + e.getMessage());
                return INVALID;
            }
            if (out == null) {
                System.out.print(rules);
            } else {
                Files.writeString(out, rules);
                System.err.println("wrote " + out + " (check it with: promtool check rules " + out + ")");
            }
            return 0;
        }
    }
}
