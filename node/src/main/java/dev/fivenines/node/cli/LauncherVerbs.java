package dev.fivenines.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code test} and {@code build}: the {@code ./fivenines} launcher runs them itself (they run Maven,
 * which must not need the build they make), so here they only describe themselves, for {@code help}
 * and {@code --help}. Reaching one here means Java was started without the launcher.
 */
final class LauncherVerbs {
    private LauncherVerbs() {
    }

    @Command(name = "test", mixinStandardHelpOptions = true, customSynopsis = "fivenines test [-hV] [<maven-argument>...]",
            description = {"Run the whole test suite (./mvnw -B verify): unit, integration on real engines, system tests.",
                    "Arguments go to Maven, e.g. ./fivenines test -pl node -am -Dtest='CommandsTest'. Run by the launcher."})
    static final class Test implements Callable<Integer> {
        @Unmatched
        List<String> mavenArguments = new ArrayList<>();
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return launcherOnly(spec);
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Build every module without running tests (./mvnw -B -q -DskipTests package). Run by the launcher.")
    static final class Build implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return launcherOnly(spec);
        }
    }

    private static int launcherOnly(CommandSpec spec) {
        spec.commandLine().getErr().println("fivenines: '" + spec.name() + "' runs Maven, which the launcher does: run ./fivenines "
                + spec.name());
        return 2;
    }
}
