package dev.fivenines.slo.gate;

import dev.fivenines.slo.alert.BurnAlert;
import dev.fivenines.slo.budget.BudgetStatus;

import java.util.List;

/** What the gate knows of one SLO objective now: its budget over its window and its firing burn alerts. */
public record SloState(String sloId, String service, BudgetStatus budget, List<BurnAlert> alerts) {
    public SloState {
        alerts = List.copyOf(alerts);
    }
}
