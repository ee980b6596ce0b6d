package dev.fivenines.loadgen.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fivenines.base.ConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and validates scenario YAML. Every problem is a {@link ConfigException} that names the key
 * (as a path such as {@code phases[1].rate.end}) and the legal range, so a person can fix the file
 * without reading this code. Unknown keys are errors: a typo must not silently fall back to a default.
 */
public final class ScenarioLoader {
    public static final List<String> BUILT_IN = List.of("steady", "diurnal", "black-friday", "flash-sale");
    public static final long MAX_DURATION_MILLIS = 7L * 24 * 3_600_000;
    public static final long MAX_TIMEOUT_MILLIS = 600_000;
    static final int MAX_PHASES = 1_000;
    private static final long MAX_BACKOFF_MILLIS = 300_000;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ScenarioLoader() {
    }

    /**
     * Loads {@code nameOrPath}: an existing file, else a scenario name looked up in
     * {@code home/config/scenarios/NAME.yaml}, else the copy of config/scenarios packed in this jar.
     */
    public static Scenario load(String nameOrPath, Path home) {
        Path asFile = Path.of(nameOrPath);
        if (Files.isRegularFile(asFile)) {
            return parse(read(asFile), asFile.toString());
        }
        if (NAME.matcher(nameOrPath).matches()) {
            Path inHome = home.resolve("config").resolve("scenarios").resolve(nameOrPath + ".yaml");
            if (Files.isRegularFile(inHome)) {
                return parse(read(inHome), inHome.toString());
            }
            try (InputStream in = ScenarioLoader.class.getResourceAsStream("/scenarios/" + nameOrPath + ".yaml")) {
                if (in != null) {
                    return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in " + nameOrPath);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read built-in scenario " + nameOrPath, e);
            }
        }
        throw new ConfigException("scenario '" + nameOrPath + "' is neither a file nor a known scenario name (built in: "
                + String.join(", ", BUILT_IN) + ")");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read scenario file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses and validates one scenario document; {@code source} names it in error messages. */
    public static Scenario parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        try {
            return scenario(new Node(root, ""));
        } catch (ConfigException e) {
            throw new ConfigException(source + ": " + e.getMessage(), e);
        }
    }

    private static Scenario scenario(Node root) {
        root.requireObject();
        root.allowOnly("name", "description", "arrivals", "maxInFlight", "requestTimeout", "maxSessions",
                "checkout", "catalog", "flashSale", "phases");
        String name = root.text("name", null);
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigException("name is required and must match [a-z0-9][a-z0-9-]*, was " + quoted(name));
        }
        String arrivalsText = root.text("arrivals", "poisson");
        Arrivals arrivals = switch (arrivalsText) {
            case "poisson" -> Arrivals.POISSON;
            case "uniform" -> Arrivals.UNIFORM;
            default -> throw new ConfigException("arrivals must be one of [poisson, uniform], was " + quoted(arrivalsText));
        };
        int maxInFlight = (int) root.longIn("maxInFlight", Scenario.DEFAULT_MAX_IN_FLIGHT, 1, Scenario.MAX_IN_FLIGHT_LIMIT);
        long timeout = root.millisIn("requestTimeout", Scenario.DEFAULT_REQUEST_TIMEOUT_MILLIS, 1, MAX_TIMEOUT_MILLIS);
        long maxSessions = root.longIn("maxSessions", 0, 0, Long.MAX_VALUE);
        CheckoutRetry retry = checkout(root.child("checkout"));
        Catalog catalog = catalog(root.child("catalog"));
        FlashSale flashSale = flashSale(root.child("flashSale"));
        List<Phase> phases = phases(root.child("phases"));
        long total = phases.stream().mapToLong(Phase::durationMillis).sum();
        if (total > MAX_DURATION_MILLIS) {
            throw new ConfigException("phases: total duration must be at most 7d, was " + Durations.format(total));
        }
        for (int i = 0; i < phases.size(); i++) {
            if (phases.get(i).mix().includes(SessionKind.FLASH_BUY) && flashSale == null) {
                throw new ConfigException("phases[" + i + "].mix.flash-buy needs a flashSale section (sku, stock)");
            }
        }
        return new Scenario(name, root.text("description", ""), arrivals, maxInFlight, timeout, retry, catalog,
                flashSale, phases, maxSessions);
    }

    private static CheckoutRetry checkout(Node node) {
        if (node.missing()) {
            return CheckoutRetry.DEFAULT;
        }
        node.requireObject();
        node.allowOnly("maxAttempts", "backoff", "maxBackoff", "maxRetryAfter");
        CheckoutRetry d = CheckoutRetry.DEFAULT;
        int attempts = (int) node.longIn("maxAttempts", d.maxAttempts(), 1, 10);
        long backoff = node.millisIn("backoff", d.backoffMillis(), 1, 60_000);
        long maxBackoff = node.millisIn("maxBackoff", Math.max(backoff, d.maxBackoffMillis()), backoff, MAX_BACKOFF_MILLIS);
        long maxRetryAfter = node.millisIn("maxRetryAfter", d.maxRetryAfterMillis(), 0, MAX_BACKOFF_MILLIS);
        return new CheckoutRetry(attempts, backoff, maxBackoff, maxRetryAfter);
    }

    private static Catalog catalog(Node node) {
        if (node.missing()) {
            return Catalog.DEFAULT;
        }
        node.requireObject();
        node.allowOnly("pageSize", "maxPages", "categories", "searchTerms", "maxQuantity");
        Catalog d = Catalog.DEFAULT;
        return new Catalog((int) node.longIn("pageSize", d.pageSize(), 1, 100),
                (int) node.longIn("maxPages", d.maxPages(), 1, 1_000),
                node.strings("categories", d.categories()),
                node.strings("searchTerms", d.searchTerms()),
                (int) node.longIn("maxQuantity", d.maxQuantity(), 1, 100));
    }

    private static FlashSale flashSale(Node node) {
        if (node.missing()) {
            return null;
        }
        node.requireObject();
        node.allowOnly("sku", "stock", "quantity");
        String sku = node.text("sku", null);
        if (sku == null || sku.isBlank() || sku.length() > 100) {
            throw new ConfigException("flashSale.sku is required: a product id (at most 100 characters) or '"
                    + FlashSale.FIRST_PRODUCT + "', was " + quoted(sku));
        }
        if (!node.has("stock")) {
            throw new ConfigException("flashSale.stock is required: the units made available for the sale, in [0, 1000000000],"
                    + " or 'shop' to read them from the shop's ledger at start");
        }
        long stock = "shop".equals(node.text("stock", null)) ? FlashSale.STOCK_FROM_SHOP : node.longIn("stock", 0, 0, 1_000_000_000L);
        return new FlashSale(sku, stock,
                (int) node.longIn("quantity", 1, 1, 100));
    }

    private static List<Phase> phases(Node node) {
        if (node.missing() || !node.json.isArray() || node.json.isEmpty()) {
            throw new ConfigException("phases is required: a list of 1 to " + MAX_PHASES
                    + " phases, each with duration, rate and mix");
        }
        if (node.json.size() > MAX_PHASES) {
            throw new ConfigException("phases must have at most " + MAX_PHASES + " entries, had " + node.json.size());
        }
        List<Phase> phases = new ArrayList<>();
        for (int i = 0; i < node.json.size(); i++) {
            Node p = new Node(node.json.get(i), "phases[" + i + "]");
            p.requireObject();
            p.allowOnly("name", "duration", "rate", "mix");
            if (!p.has("duration")) {
                throw new ConfigException(p.path("duration") + " is required: a duration in [1ms, 7d]");
            }
            long duration = p.millisIn("duration", 0, 1, MAX_DURATION_MILLIS);
            double[] rate = rate(p.child("rate"));
            phases.add(new Phase(p.text("name", "phase-" + (i + 1)), duration, rate[0], rate[1], mix(p.child("mix"))));
        }
        return phases;
    }

    private static double[] rate(Node node) {
        if (node.missing()) {
            throw new ConfigException(node.path + " is required: sessions per second in [0, "
                    + (long) Scenario.MAX_RATE_PER_SECOND + "], or {start: R1, end: R2} for a ramp");
        }
        if (node.json.isObject()) {
            node.allowOnly("start", "end");
            if (!node.has("start") || !node.has("end")) {
                throw new ConfigException(node.path + " needs both start and end (sessions per second) for a ramp");
            }
            return new double[] {node.rateIn("start"), node.rateIn("end")};
        }
        double r = node.asRate();
        return new double[] {r, r};
    }

    private static Mix mix(Node node) {
        if (node.missing()) {
            throw new ConfigException(node.path + " is required: weights per session kind (" + SessionKind.knownKeys() + ")");
        }
        node.requireObject();
        Map<SessionKind, Integer> weights = new EnumMap<>(SessionKind.class);
        for (Iterator<String> it = node.json.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            SessionKind kind = SessionKind.fromKey(key).orElseThrow(() -> new ConfigException(
                    node.path(key) + " is not a session kind; known: " + SessionKind.knownKeys()));
            weights.put(kind, (int) node.longIn(key, 0, 0, Mix.MAX_WEIGHT));
        }
        try {
            return new Mix(weights);
        } catch (ConfigException e) {
            throw new ConfigException(node.path + ": " + e.getMessage(), e);
        }
    }

    private static String quoted(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }

    /** A position in the document that knows its own path, for messages. */
    private static final class Node {
        final JsonNode json;
        final String path;

        Node(JsonNode json, String path) {
            this.json = json;
            this.path = path;
        }

        boolean missing() {
            return json == null || json.isMissingNode() || json.isNull();
        }

        boolean has(String key) {
            return json.has(key) && !json.get(key).isNull();
        }

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        Node child(String key) {
            return new Node(json.get(key), path(key));
        }

        void requireObject() {
            if (missing() || !json.isObject()) {
                throw new ConfigException((path.isEmpty() ? "the document" : path) + " must be a mapping of keys to values");
            }
        }

        void allowOnly(String... keys) {
            List<String> known = List.of(keys);
            for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    throw new ConfigException(path(key) + " is not a known key; known: " + String.join(", ", known));
                }
            }
        }

        String text(String key, String fallback) {
            if (!has(key)) {
                return fallback;
            }
            JsonNode v = json.get(key);
            if (!v.isValueNode()) {
                throw new ConfigException(path(key) + " must be a single value, was " + v.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            return v.asText();
        }

        long longIn(String key, long fallback, long min, long max) {
            if (!has(key)) {
                return fallback;
            }
            JsonNode v = json.get(key);
            if (!v.canConvertToExactIntegral() || !v.canConvertToLong()) {
                throw new ConfigException(path(key) + " must be a whole number in [" + min + ", " + max + "], was '" + v.asText() + "'");
            }
            long value = v.asLong();
            if (value < min || value > max) {
                throw new ConfigException(path(key) + " must be in [" + min + ", " + max + "], was " + value);
            }
            return value;
        }

        long millisIn(String key, long fallback, long min, long max) {
            if (!has(key)) {
                return fallback;
            }
            long value = Durations.parseMillis(path(key), json.get(key).asText());
            if (value < min || value > max) {
                throw new ConfigException(path(key) + " must be in [" + Durations.format(min) + ", " + Durations.format(max)
                        + "], was " + Durations.format(value));
            }
            return value;
        }

        double rateIn(String key) {
            return new Node(json.get(key), path(key)).asRate();
        }

        double asRate() {
            if (!json.isNumber()) {
                throw new ConfigException(path + " must be a number of sessions per second in [0, "
                        + (long) Scenario.MAX_RATE_PER_SECOND + "], was '" + json.asText() + "'");
            }
            double r = json.asDouble();
            if (!(r >= 0 && r <= Scenario.MAX_RATE_PER_SECOND)) {
                throw new ConfigException(path + " must be in [0, " + (long) Scenario.MAX_RATE_PER_SECOND + "], was " + json.asText());
            }
            return r;
        }

        List<String> strings(String key, List<String> fallback) {
            if (!has(key)) {
                return fallback;
            }
            JsonNode v = json.get(key);
            if (!v.isArray() || v.size() > 1_000) {
                throw new ConfigException(path(key) + " must be a list of at most 1000 strings");
            }
            List<String> out = new ArrayList<>();
            v.forEach(item -> {
                if (!item.isValueNode() || item.asText().isBlank() || item.asText().length() > 100) {
                    throw new ConfigException(path(key) + " items must be non-blank strings of at most 100 characters, had '"
                            + item.asText() + "'");
                }
                out.add(item.asText());
            });
            return out;
        }
    }
}
