package dev.fivenines.loadgen;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code load} as picocli reads them. Values stay text here: {@link LoadMain} checks
 * them (ranges, durations, the target) so every message names the option and its legal range.
 */
@Command(name = "load", sortOptions = false, usageHelpWidth = 120,
        description = "Runs a scenario against a shop and writes history.jsonl, report.json and report.html into --out.",
        footer = "Exit codes: 0 the run completed (whatever the shop answered: errors are data), 1 the run could not be "
                + "carried out, 2 usage or scenario error.")
final class LoadOptions {
    @Option(names = "--scenario", paramLabel = "NAME|FILE", defaultValue = "steady",
            description = "a built-in scenario (steady, diurnal, black-friday, flash-sale) or a scenario YAML file "
                    + "(default ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--target", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "the shop's base URL (default ${DEFAULT-VALUE}); loopback only unless --allow-remote")
    String target;

    @Option(names = "--duration", paramLabel = "D", description = "stretch or shrink the whole scenario to this long (500ms, 60s, 5m)")
    String duration;

    @Option(names = "--rate", paramLabel = "R",
            description = "scale all rates so the first phase starts at R sessions/s (the curve's shape is kept)")
    String rate;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "seed of every random choice (default ${DEFAULT-VALUE}); same seed, same schedule")
    String seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "loadgen-out", description = "output directory (default ${DEFAULT-VALUE})")
    String out;

    @Option(names = "--sessions", paramLabel = "N", description = "stop after N sessions")
    String sessions;

    @Option(names = "--checkouts", paramLabel = "N", description = "buy sessions only, N of them")
    String checkouts;

    @Option(names = "--sequential", arity = "0", description = "with --checkouts (or --sessions), one at a time: unloaded checkout latency")
    boolean sequential;

    @Option(names = "--max-in-flight", paramLabel = "N", description = "cap on concurrent sessions (default from the scenario)")
    String maxInFlight;

    @Option(names = "--timeout", paramLabel = "D", description = "deadline of every HTTP exchange (default from the scenario)")
    String timeout;

    @Option(names = "--drain", paramLabel = "D",
            description = "how long to wait for sessions still running after the last arrival (default: their worst case, at most 5m)")
    String drain;

    @Option(names = "--sku", paramLabel = "ID", description = "the flash-sale SKU")
    String sku;

    @Option(names = "--stock", paramLabel = "N|shop",
            description = "the units on sale (recorded for the oversell checker); shop reads them from the shop's ledger "
                    + "when the run starts")
    String stock;

    @Option(names = "--run-id", paramLabel = "ID", description = "salt of the idempotency keys (default: seed and start time)")
    String runId;

    @Option(names = "--quiet", arity = "0", description = "no live progress line (it is also off when output is not a terminal)")
    boolean quiet;

    @Mixin
    CommonOptions common = new CommonOptions();

    static long wholeNumber(String option, String value, long min, long max) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number in [" + min + ", " + max + "], was '" + value + "'");
        }
        if (n < min || n > max) {
            throw new UsageException(option + " must be in [" + min + ", " + max + "], was " + n);
        }
        return n;
    }

    static double number(String option, String value, double min, double max) {
        double d;
        try {
            d = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a number in [" + min + ", " + max + "], was '" + value + "'");
        }
        if (!(d >= min && d <= max)) {
            throw new UsageException(option + " must be in [" + min + ", " + max + "], was " + value);
        }
        return d;
    }
}
