package dev.fivenines.node.cli;

import dev.fivenines.node.supervisor.ClusterState;
import dev.fivenines.node.supervisor.ClusterState.InstanceState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * One line of {@code status}: what the supervisor recorded about a process, checked against what is
 * true now (its pid alive, its readiness endpoint answering), since the record may be a second old or
 * the supervisor may be gone.
 */
record InstanceView(String name, long pid, int port, InstanceState state, int restarts, String detail) {

    /**
     * @param alive       whether the recorded pid is alive now
     * @param probe       asks the readiness endpoint now: "ready" or why not; only called when it matters
     * @param recordFresh whether the supervisor wrote the record moments ago: then its READY (which needs
     *                    several failed probes in a row to turn UNHEALTHY) is trusted over one probe of ours
     */
    static InstanceView of(ClusterState.Instance instance, boolean alive, Supplier<String> probe, Instant now,
                           boolean recordFresh) {
        InstanceState recorded = instance.state() == null ? InstanceState.READY : instance.state();
        int restarts = instance.restarts() == null ? 0 : instance.restarts();
        String lastExit = instance.lastExit() == null ? "" : "last exit " + instance.lastExit().describe() + "; ";
        InstanceState state;
        String detail;
        if (recorded == InstanceState.RESTARTING) {
            state = InstanceState.RESTARTING;
            int attempt = instance.attempt() == null ? 0 : instance.attempt();
            if (instance.nextAttemptAt() != null && instance.nextAttemptAt().isAfter(now)) {
                long seconds = (Duration.between(now, instance.nextAttemptAt()).toMillis() + 999) / 1000;
                detail = lastExit + "attempt " + attempt + ", next try in " + seconds + " s";
            } else {
                detail = lastExit + "attempt " + attempt + ", started, not ready yet";
            }
        } else if (recorded == InstanceState.STOPPED) {
            state = InstanceState.STOPPED;
            detail = "stopped by the supervisor";
        } else if (!alive) {
            state = InstanceState.DEAD;
            detail = "pid " + instance.pid() + " is gone; the supervisor restarts it";
        } else if (recorded == InstanceState.STARTING) {
            state = InstanceState.STARTING;
            detail = "starting";
        } else if (instance.healthUrl() == null) {
            state = InstanceState.READY; // an engine: its start returned once it was up, and it is alive
            detail = "running";
        } else if (recordFresh && recorded == InstanceState.READY) {
            state = InstanceState.READY;
            detail = "ready";
        } else if (recordFresh && recorded == InstanceState.UNHEALTHY) {
            state = InstanceState.UNHEALTHY;
            detail = "failing its readiness probes; now: " + probe.get();
        } else {
            String answer = probe.get();
            state = answer.equals("ready") ? InstanceState.READY : InstanceState.UNHEALTHY;
            detail = answer;
        }
        return new InstanceView(instance.name(), instance.pid(), instance.port(), state, restarts, detail);
    }

    /** The cluster is READY when every process is; "STATE name, ..." of the others otherwise. */
    static String notReady(List<InstanceView> views) {
        return String.join(", ", views.stream().filter(v -> v.state() != InstanceState.READY)
                .map(v -> v.name() + " " + v.state()).toList());
    }
}
