package dev.fivenines.node.cli;

import dev.fivenines.loadgen.LoadMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fivenines load ...}: the open-loop load generator (options are the generator's own; see docs/loadgen.md). */
@Command(name = "load", description = "Run the open-loop load generator against the edge (see docs/loadgen.md).",
        helpCommand = false)
public final class LoadCommand implements Callable<Integer> {
    // Everything after the command is the generator's own syntax; it parses and validates it.
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return LoadMain.run(args.toArray(String[]::new), System.out, System.err);
    }
}
