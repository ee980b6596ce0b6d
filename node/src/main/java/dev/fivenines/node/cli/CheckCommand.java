package dev.fivenines.node.cli;

import dev.fivenines.loadgen.check.CheckMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fivenines check <history>}: the correctness checkers over a load run's history. */
@Command(name = "check", description = "Check a load run's history: no oversell, no lost order, no double charge, one shipment per order.")
public final class CheckCommand implements Callable<Integer> {
    // Everything after the command is the generator's own syntax; it parses and validates it.
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return CheckMain.run(args.toArray(String[]::new), System.out, System.err);
    }
}
