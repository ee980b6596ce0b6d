package dev.fivenines.loadgen.check;

import dev.fivenines.loadgen.CommonOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of {@code check} as picocli reads them. Values stay text here: {@link CheckMain} checks
 * them (durations, states, the target) so every message names the option.
 */
@Command(name = "check", sortOptions = false, usageHelpWidth = 120, customSynopsis = "Usage: check [OPTIONS] HISTORY",
        description = "Runs the correctness checkers over a load run's history and prints a verdict with evidence.",
        footer = "Exit codes: 0 every rule holds (or could not be checked, which is said), 1 at least one violation, "
                + "2 usage error or unreadable history.")
final class CheckOptions {
    /** Counted by CheckMain, which says how many it got: picocli would only say which one was extra. */
    @Parameters(paramLabel = "HISTORY", arity = "0..*", description = "a history.jsonl, or the load run's output directory")
    List<String> histories = new ArrayList<>();

    @Option(names = "--target", paramLabel = "URL",
            description = "read every acknowledged order (and its shipment) back from this shop; loopback only unless --allow-remote")
    String target;

    @Option(names = "--stock", paramLabel = "FILE",
            description = "YAML/JSON map of SKU -> units made available (else the history header's stock)")
    String stock;

    @Option(names = "--settle", paramLabel = "D", defaultValue = "60s",
            description = "how long to poll orders for a final state (default ${DEFAULT-VALUE})")
    String settle;

    @Option(names = "--final-states", paramLabel = "A,B", description = "order states that count as final (default DELIVERED,CANCELLED)")
    String finalStates;

    @Option(names = "--timeout", paramLabel = "D", defaultValue = "5s", description = "timeout of each read (default ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the results as JSON to FILE")
    String json;

    @Mixin
    CommonOptions common = new CommonOptions();
}
