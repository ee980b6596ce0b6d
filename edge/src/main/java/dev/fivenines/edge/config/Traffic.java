package dev.fivenines.edge.config;

import dev.fivenines.base.Check;
import dev.fivenines.base.ConfigException;
import dev.fivenines.edge.EdgeSessions;
import dev.fivenines.edge.cache.ResponseCache;
import dev.fivenines.traffic.Criticality;
import dev.fivenines.traffic.RouteClassifier;
import dev.fivenines.traffic.RouteRule;
import dev.fivenines.traffic.admission.AdmissionConfig;
import dev.fivenines.traffic.admission.AdmissionMode;
import dev.fivenines.traffic.admission.BulkheadSettings;
import dev.fivenines.traffic.admission.LatencyGuard;
import dev.fivenines.traffic.admission.TrustedProxies;
import dev.fivenines.traffic.outlier.OutlierDetector;

import java.util.ArrayList;
import java.util.List;

/**
 * Traffic shaping at the edge (docs/traffic.md). Optional in the file: absent means
 * {@link #defaults()}. Validated by building the traffic module's own configs, whose messages
 * name the key and its legal range.
 */
public record Traffic(TrafficAdmission admission, TrafficClientQuota clientQuota, String fallbackCriticality,
                      List<TrafficRoute> routes, TrafficOutlier outlier, TrafficRetry retry, TrafficValue value,
                      TrafficSession session, List<String> trustedProxies, TrafficCache cache) {
    /** How often the shed log reports what admission refused, at most. */
    public static final int DEFAULT_SHED_LOG_INTERVAL_MILLIS = 1_000;

    /** {@code session}, {@code trustedProxies} and {@code cache} are optional in the file: absent means the defaults. */
    public Traffic {
        session = session == null ? TrafficSession.defaults() : session;
        cache = cache == null ? TrafficCache.defaults() : cache;
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    public Traffic(TrafficAdmission admission, TrafficClientQuota clientQuota, String fallbackCriticality,
                   List<TrafficRoute> routes, TrafficOutlier outlier, TrafficRetry retry, TrafficValue value) {
        this(admission, clientQuota, fallbackCriticality, routes, outlier, retry, value, null, null, null);
    }

    public static Traffic defaults() {
        AdmissionConfig a = AdmissionConfig.defaults();
        List<TrafficRoute> routes = new ArrayList<>();
        for (RouteRule r : RouteClassifier.defaultRules()) {
            routes.add(new TrafficRoute(r.method(), r.path(), r.criticality().name()));
        }
        OutlierDetector.Settings o = OutlierDetector.Settings.defaults();
        BulkheadSettings b = BulkheadSettings.defaults();
        return new Traffic(new TrafficAdmission("adaptive", a.limitAlgorithm(), a.initialLimit(), a.minLimit(), a.maxLimit(),
                a.classShares(), a.queueCapacity(), a.queueTimeoutMillis(), a.codelTargetMillis(), a.codelIntervalMillis(),
                a.retryAfterSeconds(), DEFAULT_SHED_LOG_INTERVAL_MILLIS, new TrafficBulkhead(b.maxConcurrent(), b.maxWaitMillis()), null),
                TrafficClientQuota.defaults(),
                RouteClassifier.DEFAULT_FALLBACK.name(), routes,
                new TrafficOutlier(o.consecutiveErrors(), o.slowMillis(), o.baseEjectionMillis(), o.maxEjectionPercent(),
                        o.rampMillis()),
                TrafficRetry.defaults(),
                TrafficValue.defaults());
    }

    /** A builder that starts from {@link #defaults()}: tests name only what they change. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder that starts from this config. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Named setters for every section; {@link #build()} makes the (immutable) config. */
    public static final class Builder {
        private TrafficAdmission admission;
        private TrafficClientQuota clientQuota;
        private String fallbackCriticality;
        private List<TrafficRoute> routes;
        private TrafficOutlier outlier;
        private TrafficRetry retry;
        private TrafficValue value;
        private TrafficSession session;
        private List<String> trustedProxies;
        private TrafficCache cache;

        private Builder(Traffic from) {
            admission = from.admission;
            clientQuota = from.clientQuota;
            fallbackCriticality = from.fallbackCriticality;
            routes = from.routes;
            outlier = from.outlier;
            retry = from.retry;
            value = from.value;
            session = from.session;
            trustedProxies = from.trustedProxies;
            cache = from.cache;
        }

        public Builder admission(TrafficAdmission admission) {
            this.admission = admission;
            return this;
        }

        public Builder clientQuota(TrafficClientQuota clientQuota) {
            this.clientQuota = clientQuota;
            return this;
        }

        public Builder fallbackCriticality(String fallbackCriticality) {
            this.fallbackCriticality = fallbackCriticality;
            return this;
        }

        public Builder routes(List<TrafficRoute> routes) {
            this.routes = routes;
            return this;
        }

        public Builder outlier(TrafficOutlier outlier) {
            this.outlier = outlier;
            return this;
        }

        public Builder retry(TrafficRetry retry) {
            this.retry = retry;
            return this;
        }

        public Builder value(TrafficValue value) {
            this.value = value;
            return this;
        }

        public Builder session(TrafficSession session) {
            this.session = session;
            return this;
        }

        public Builder trustedProxies(List<String> trustedProxies) {
            this.trustedProxies = trustedProxies;
            return this;
        }

        public Builder cache(TrafficCache cache) {
            this.cache = cache;
            return this;
        }

        public Traffic build() {
            return new Traffic(admission, clientQuota, fallbackCriticality, routes, outlier, retry, value, session,
                    trustedProxies, cache);
        }
    }

    public AdmissionConfig admissionConfig() {
        return new AdmissionConfig(admission.limitAlgorithm(), admission.initialLimit(), admission.minLimit(),
                admission.maxLimit(), admission.classShares(), admission.queueCapacity(), admission.queueTimeoutMillis(),
                admission.codelTargetMillis(), admission.codelIntervalMillis(), admission.retryAfterSeconds());
    }

    public RouteClassifier classifier() {
        List<RouteRule> rules = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            TrafficRoute r = routes.get(i);
            rules.add(new RouteRule(r.method(), r.path(), criticality("traffic.routes[" + i + "].criticality", r.criticality())));
        }
        return new RouteClassifier(rules, criticality("traffic.fallbackCriticality", fallbackCriticality));
    }

    public OutlierDetector.Settings outlierSettings() {
        return new OutlierDetector.Settings(outlier.consecutiveErrors(), outlier.slowMillis(), outlier.baseEjectionMillis(),
                outlier.maxEjectionPercent(), outlier.rampMillis());
    }

    /** The admission mode the file (or FIVENINES_ADMISSION) asks for; see {@link AdmissionMode}. */
    public AdmissionMode admissionMode() {
        return AdmissionMode.parse("traffic.admission.mode", admission.mode() == null ? "adaptive" : admission.mode());
    }

    /** The checkout latency guard; off when the file has no {@code guard} section. */
    public LatencyGuard.Settings guardSettings() {
        TrafficGuard g = admission.guard();
        if (g == null) {
            return LatencyGuard.Settings.off();
        }
        LatencyGuard.Settings d = LatencyGuard.Settings.of(g.checkoutTargetMillis());
        return new LatencyGuard.Settings(g.checkoutTargetMillis(), g.relativeToUnloaded() == null ? 0 : g.relativeToUnloaded(),
                g.percentile() == null ? d.percentile() : g.percentile(),
                g.intervalMillis() == null ? d.intervalMillis() : g.intervalMillis(), d.decrease(), d.increase(), d.minFactor(),
                g.busyCpuLoad() == null ? d.busyCpuLoad() : g.busyCpuLoad());
    }

    public BulkheadSettings bulkheadSettings() {
        TrafficBulkhead b = admission.bulkhead();
        return b == null ? BulkheadSettings.defaults() : new BulkheadSettings(b.maxConcurrent(), b.maxWaitMillis());
    }

    /** This config with {@code mode} instead of the file's (FIVENINES_ADMISSION). */
    public Traffic withAdmission(AdmissionMode mode) {
        TrafficAdmission a = admission;
        return new Traffic(new TrafficAdmission(mode.configName(), a.limitAlgorithm(), a.initialLimit(), a.minLimit(), a.maxLimit(),
                a.classShares(), a.queueCapacity(), a.queueTimeoutMillis(), a.codelTargetMillis(), a.codelIntervalMillis(),
                a.retryAfterSeconds(), a.shedLogIntervalMillis(), a.bulkhead(), a.guard()), clientQuota, fallbackCriticality, routes,
                outlier, retry, value, session, trustedProxies, cache);
    }

    /** Who the client is behind the proxies in {@code traffic.trustedProxies} (none: the socket peer). */
    public TrustedProxies proxies() {
        return TrustedProxies.parse("traffic.trustedProxies", trustedProxies);
    }

    public EdgeSessions.Settings sessionSettings() {
        EdgeSessions.Settings d = EdgeSessions.Settings.defaults();
        return new EdgeSessions.Settings(session.ttlSeconds() == null ? d.ttlSeconds() : session.ttlSeconds(),
                session.returningDays() == null ? d.returningDays() : session.returningDays(),
                session.secure() != null && session.secure());
    }

    /** The response cache's bounds, the file's where given; throws ConfigException naming the key out of range. */
    public ResponseCache.Settings cacheSettings() {
        ResponseCache.Settings d = ResponseCache.Settings.defaults();
        int maxEntries = cache.maxEntries() == null ? d.maxEntries() : cache.maxEntries();
        long maxBytes = cache.maxBytes() == null ? d.maxBytes() : cache.maxBytes();
        int maxEntryBytes = cache.maxEntryBytes() == null ? (int) Math.min(d.maxEntryBytes(), maxBytes) : cache.maxEntryBytes();
        return new ResponseCache.Settings(maxEntries, maxBytes, maxEntryBytes);
    }

    /** Throws ConfigException naming the key and its legal range for the first value out of range. */
    public void validate() {
        require(admission, "traffic.admission");
        require(clientQuota, "traffic.clientQuota");
        require(routes, "traffic.routes");
        require(outlier, "traffic.outlier");
        require(retry, "traffic.retry");
        admissionConfig();
        admissionMode();
        bulkheadSettings();
        guardSettings();
        Check.inRange("traffic.admission.shedLogIntervalMillis", admission.shedLogIntervalMillis(), 1, 3_600_000);
        Check.inRange("traffic.clientQuota.ratePerSecond", clientQuota.ratePerSecond(), 0.001, 1_000_000.0);
        Check.inRange("traffic.clientQuota.burst", clientQuota.burst(), 1, 1_000_000);
        Check.inRange("traffic.clientQuota.maxClients", clientQuota.maxClients(), 1, 10_000_000);
        classifier();
        outlierSettings();
        Check.inRange("traffic.retry.budgetRatio", retry.budgetRatio(), 0.0, 1.0);
        Check.inRange("traffic.retry.minRetriesPerSecond", retry.minRetriesPerSecond(), 0, 10_000);
        Check.inRange("traffic.retry.throttleK", retry.throttleK(), 1.0, 10.0);
        Check.inRange("traffic.retry.throttleWindowSeconds", retry.throttleWindowSeconds(), 1, 3_600);
        Check.inRange("traffic.retry.backoffBaseMillis", retry.backoffBaseMillis(), 1, 10_000);
        Check.inRange("traffic.retry.backoffMaxMillis", retry.backoffMaxMillis(), retry.backoffBaseMillis(), 60_000);
        require(value, "traffic.value");
        Check.inRange("traffic.value.sessionWindowSeconds", value.sessionWindowSeconds(), 1, 86_400);
        Check.inRange("traffic.value.maxSessions", value.maxSessions(), 1, 10_000_000);
        Check.inRange("traffic.value.learningRate", value.learningRate(), 0.0001, 1.0);
        sessionSettings();
        proxies();
        cacheSettings();
    }

    private static void require(Object section, String name) {
        if (section == null) {
            throw new ConfigException("section '" + name + "' is required");
        }
    }

    private static Criticality criticality(String key, String value) {
        return Criticality.parse(value).orElseThrow(() -> new ConfigException(key + " must be one of "
                + List.of(Criticality.values()) + ", was '" + value + "'"));
    }
}
