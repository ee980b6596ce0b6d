package dev.fivenines.slo.spec;

import java.time.Duration;
import java.util.List;

/**
 * One OpenSLO v1 {@code SLO}: a ratio SLI over a rolling window with one or more objectives.
 *
 * @param journey the user journey whose events the edge counts for it (metadata label {@code journey})
 * @param source  the file (and line) it came from, for messages
 */
public record Slo(String name, String displayName, String description, String service, String journey, RatioSli sli,
                  Duration window, List<Objective> objectives, String source) {
    public Slo {
        objectives = List.copyOf(objectives);
    }

    /** The id of one objective, as rules and alerts name it: the SLO's name, plus the objective's when it has several. */
    public String id(Objective objective) {
        return objectives.size() == 1 ? name : name + "-" + objective.name();
    }
}
