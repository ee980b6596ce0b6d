package dev.fivenines.slo.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.ConfigException;
import dev.fivenines.base.yaml.LocatedYaml;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads OpenSLO v1 {@code SLO} documents (https://github.com/OpenSLO/OpenSLO, v1): ratio SLIs over
 * counters with Prometheus queries, rolling windows, the Occurrences budgeting method. What this
 * platform does not evaluate (threshold SLIs, calendar windows, time slices) is refused by name
 * rather than ignored, and so is any key it does not know: a typo must not become a default. Every
 * error names the file, the line, the key and the legal values.
 */
public final class OpenSloLoader {
    public static final String API_VERSION = "openslo/v1";
    static final int MAX_OBJECTIVES = 10;
    static final int MAX_QUERY_CHARS = 4_000;
    static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_WINDOW = Duration.ofDays(400);
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,5})([mhdw])");
    private static final Set<String> SOURCE_TYPES = Set.of("prometheus");

    private OpenSloLoader() {
    }

    /** Every {@code *.yaml} / {@code *.yml} file of {@code dir}, in name order; names must be unique across them. */
    public static List<Slo> loadDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir + ": not a directory of SLO files");
        }
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(dir + ": cannot list: " + e.getMessage(), e);
        }
        List<Slo> slos = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Path file : files) {
            for (Slo slo : loadFile(file)) {
                for (Objective o : slo.objectives()) {
                    if (!ids.add(slo.id(o))) {
                        throw new ConfigException(slo.source() + ": SLO id '" + slo.id(o) + "' is defined twice in " + dir);
                    }
                }
                slos.add(slo);
            }
        }
        return slos;
    }

    public static List<Slo> loadFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** The SLOs of one YAML text (several documents allowed); {@code source} names it in errors. */
    public static List<Slo> parse(String yaml, String source) {
        List<Slo> slos = new ArrayList<>();
        for (LocatedYaml.Document doc : LocatedYaml.read(yaml, source)) {
            if (doc.root() == null || doc.root().isMissingNode() || doc.root().isNull()) {
                continue; // an empty document, such as after a trailing ---
            }
            Reader r = new Reader(doc);
            r.object("", doc.root());
            String kind = r.text("kind", doc.root().path("kind"), true);
            if ("Service".equals(kind)) {
                continue; // OpenSLO's Service kind only names a service; the SLOs say which they belong to
            }
            slos.add(r.slo());
        }
        if (slos.isEmpty()) {
            throw new ConfigException(source + ": no SLO document (kind: SLO, apiVersion: " + API_VERSION + ")");
        }
        return slos;
    }

    /** Reads one document, every error located. */
    private static final class Reader {
        private final LocatedYaml.Document doc;

        Reader(LocatedYaml.Document doc) {
            this.doc = doc;
        }

        Slo slo() {
            JsonNode root = doc.root();
            allowOnly("", root, "apiVersion", "kind", "metadata", "spec");
            String apiVersion = text("apiVersion", root.path("apiVersion"), true);
            if (!API_VERSION.equals(apiVersion)) {
                throw doc.error("apiVersion", "must be " + API_VERSION + ", was '" + apiVersion + "'");
            }
            String kind = text("kind", root.path("kind"), true);
            if (!"SLO".equals(kind)) {
                throw doc.error("kind", "must be one of [SLO, Service], was '" + kind + "'");
            }
            JsonNode metadata = object("metadata", root.path("metadata"));
            allowOnly("metadata", metadata, "name", "displayName", "labels", "annotations");
            String name = text("metadata.name", metadata.path("name"), true);
            if (!NAME.matcher(name).matches()) {
                throw doc.error("metadata.name", "must be a DNS label ([a-z0-9], '-' inside, at most 63 characters), was '" + name + "'");
            }
            JsonNode labels = metadata.path("labels");
            if (!labels.isMissingNode()) {
                object("metadata.labels", labels);
            }
            String journey = text("metadata.labels.journey", labels.path("journey"), true);
            if (!NAME.matcher(journey).matches()) {
                throw doc.error("metadata.labels.journey", "must be a journey name such as checkout ([a-z0-9-]), was '" + journey + "'");
            }
            JsonNode spec = object("spec", root.path("spec"));
            allowOnly("spec", spec, "description", "service", "indicator", "indicatorRef", "timeWindow", "budgetingMethod",
                    "objectives", "alertPolicies");
            if (spec.has("indicatorRef")) {
                throw doc.error("spec.indicatorRef", "is not supported: write the indicator inline (spec.indicator)");
            }
            if (spec.has("alertPolicies")) {
                throw doc.error("spec.alertPolicies", "is not supported: burn-rate alerts are the SRE workbook's"
                        + " multiwindow set for every SLO (docs/slo.md)");
            }
            String service = text("spec.service", spec.path("service"), true);
            RatioSli sli = indicator(object("spec.indicator", spec.path("indicator")));
            Duration window = timeWindow(spec.path("timeWindow"));
            String method = text("spec.budgetingMethod", spec.path("budgetingMethod"), true);
            if (!"Occurrences".equals(method)) {
                throw doc.error("spec.budgetingMethod", "must be one of [Occurrences] (Timeslices and RatioTimeslices are"
                        + " not supported), was '" + method + "'");
            }
            List<Objective> objectives = objectives(spec.path("objectives"));
            return new Slo(name, text("metadata.displayName", metadata.path("displayName"), false),
                    text("spec.description", spec.path("description"), false), service, journey, sli, window, objectives,
                    doc.source() + ":" + doc.line(""));
        }

        private RatioSli indicator(JsonNode indicator) {
            allowOnly("spec.indicator", indicator, "metadata", "spec");
            JsonNode spec = object("spec.indicator.spec", indicator.path("spec"));
            if (spec.has("thresholdMetric")) {
                throw doc.error("spec.indicator.spec.thresholdMetric", "is not supported: write a ratioMetric (good or bad events over total)");
            }
            allowOnly("spec.indicator.spec", spec, "ratioMetric");
            String at = "spec.indicator.spec.ratioMetric";
            JsonNode ratio = object(at, spec.path("ratioMetric"));
            allowOnly(at, ratio, "counter", "good", "bad", "total");
            JsonNode counter = ratio.path("counter");
            if (!counter.isBoolean() || !counter.asBoolean()) {
                throw doc.error(at + ".counter", "must be true: the SLIs are counters of events (raw ratios are not supported)");
            }
            boolean good = ratio.has("good");
            boolean bad = ratio.has("bad");
            if (good == bad) {
                throw doc.error(at, "needs exactly one of [good, bad], and total");
            }
            Optional<String> goodQuery = good ? Optional.of(query(at + ".good", ratio.path("good"))) : Optional.empty();
            Optional<String> badQuery = bad ? Optional.of(query(at + ".bad", ratio.path("bad"))) : Optional.empty();
            return new RatioSli(goodQuery, badQuery, query(at + ".total", ratio.path("total")));
        }

        private String query(String at, JsonNode node) {
            object(at, node);
            allowOnly(at, node, "metricSource");
            JsonNode source = object(at + ".metricSource", node.path("metricSource"));
            allowOnly(at + ".metricSource", source, "type", "metricSourceRef", "spec");
            String type = text(at + ".metricSource.type", source.path("type"), true);
            if (!SOURCE_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
                throw doc.error(at + ".metricSource.type", "must be one of [Prometheus], was '" + type + "'");
            }
            JsonNode spec = object(at + ".metricSource.spec", source.path("spec"));
            allowOnly(at + ".metricSource.spec", spec, "query");
            String query = text(at + ".metricSource.spec.query", spec.path("query"), true).strip();
            if (query.length() > MAX_QUERY_CHARS) {
                throw doc.error(at + ".metricSource.spec.query", "must be at most " + MAX_QUERY_CHARS + " characters");
            }
            if (!query.contains(RatioSli.WINDOW)) {
                throw doc.error(at + ".metricSource.spec.query", "must contain " + RatioSli.WINDOW
                        + " where the rate window goes, e.g. rate(x_total[" + RatioSli.WINDOW + "])");
            }
            return query;
        }

        private Duration timeWindow(JsonNode node) {
            if (!node.isArray() || node.size() != 1) {
                throw doc.error("spec.timeWindow", "must be a list of exactly one window, e.g. [{duration: 28d, isRolling: true}]");
            }
            String at = "spec.timeWindow[0]";
            JsonNode w = object(at, node.get(0));
            allowOnly(at, w, "duration", "isRolling", "calendar");
            if (w.has("calendar") || !w.path("isRolling").asBoolean(false)) {
                throw doc.error(at, "must be rolling (isRolling: true); calendar windows are not supported");
            }
            String text = text(at + ".duration", w.path("duration"), true);
            Duration d = duration(text).orElseThrow(() -> doc.error(at + ".duration",
                    "must be a whole number and a unit of [m, h, d, w], such as 28d, was '" + text + "'"));
            if (d.compareTo(MIN_WINDOW) < 0 || d.compareTo(MAX_WINDOW) > 0) {
                throw doc.error(at + ".duration", "must be in [1m, 400d], was " + text);
            }
            return d;
        }

        private List<Objective> objectives(JsonNode node) {
            if (!node.isArray() || node.isEmpty() || node.size() > MAX_OBJECTIVES) {
                throw doc.error("spec.objectives", "must be a list of 1 to " + MAX_OBJECTIVES + " objectives, each with a target");
            }
            List<Objective> objectives = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                String at = "spec.objectives[" + i + "]";
                JsonNode o = object(at, node.get(i));
                allowOnly(at, o, "displayName", "target");
                JsonNode t = o.path("target");
                if (!t.isNumber()) {
                    throw doc.error(at + ".target", "is required: the fraction of good events, in (0, 1), such as 0.999");
                }
                BigDecimal target = t.decimalValue();
                if (target.signum() <= 0 || target.compareTo(BigDecimal.ONE) >= 0) {
                    throw doc.error(at + ".target", "must be in (0, 1), such as 0.999, was " + target.toPlainString());
                }
                String displayName = text(at + ".displayName", o.path("displayName"), false);
                String name = node.size() == 1 || displayName.isEmpty() ? "objective-" + (i + 1) : slug(displayName);
                if (!names.add(name)) {
                    throw doc.error(at + ".displayName", "names objective '" + name + "' twice in this SLO");
                }
                objectives.add(new Objective(name, displayName, target));
            }
            return objectives;
        }

        JsonNode object(String at, JsonNode node) {
            if (node.isMissingNode() || node.isNull()) {
                throw doc.error(at, "is required");
            }
            if (!node.isObject()) {
                throw doc.error(at, "must be a mapping of keys to values");
            }
            return node;
        }

        String text(String at, JsonNode node, boolean required) {
            if (node.isMissingNode() || node.isNull()) {
                if (required) {
                    throw doc.error(at, "is required");
                }
                return "";
            }
            if (!node.isTextual() || (required && node.asText().isBlank())) {
                throw doc.error(at, "must be a non-empty string");
            }
            return node.asText();
        }

        void allowOnly(String at, JsonNode node, String... keys) {
            Set<String> allowed = Set.of(keys);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    throw doc.error(at.isEmpty() ? key : at + "." + key, "is not a key this platform reads here; known: "
                            + List.of(keys));
                }
            }
        }
    }

    /** "28d" as a Duration; empty when it is not a whole number and a unit of m, h, d, w. */
    public static Optional<Duration> duration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        });
    }

    private static String slug(String displayName) {
        String s = displayName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "objective" : s.length() > 40 ? s.substring(0, 40).replaceAll("-+$", "") : s;
    }
}
