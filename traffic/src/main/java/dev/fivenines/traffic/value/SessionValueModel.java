package dev.fivenines.traffic.value;

import dev.fivenines.base.Check;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Predicts how likely a session is to buy, to rank requests within one criticality class, and
 * learns online from what sessions actually do: a session that checks out is a positive example,
 * one that goes quiet for {@code windowNanos} without buying is a negative. Bounded: at most
 * {@code maxSessions} are tracked, the least recently active one is labelled negative and forgotten
 * first.
 *
 * <p>A session teaches the features it had at each step of the purchase (its first request and the
 * first request of each higher checkout stage: at most four, stages being 0-3), each with the session's
 * outcome: the model is asked to rank sessions at every step, above all at their first page where
 * most shedding happens, so it must learn what a first page predicts, not only what the last
 * request of a session looked like (that one says "at checkout" for every buyer, and leaves the
 * other features a residue SGD noise can flip).
 *
 * <p>A session that was refused or failed on the way ({@link #censored}) teaches nothing: it never
 * had its chance to buy, and ranking decides who is refused, so labelling it "did not buy" would
 * teach the model its own decisions: a ranking that preferred the wrong visitors would shed the
 * others and learn from that that they do not buy
 * (docs/decisions/013-value-model-learns-every-step-and-censors.md).
 *
 * <p>It also remembers which sessions had a request admitted ({@link #admitted}): admission ranks
 * their later requests before those of sessions not yet under way ({@link Scored#underWay}).
 */
public final class SessionValueModel {
    private final OnlineLogisticRegression model;
    private final LongSupplier nanoTime;
    private final long windowNanos;
    private final int maxSessions;
    private final Map<String, Tracked> sessions = new LinkedHashMap<>(16, 0.75f, true);
    /**
     * Sessions that bought within the window, oldest first: a purchase is learned once although the
     * edge hears of it twice (the checkout's 201 and the shop's OrderPlaced event), and the
     * session's requests after it (order status) neither start a new tracked session that would
     * later be labelled "did not buy" nor lose their place as a session under way.
     */
    private final Map<String, Bought> bought = new LinkedHashMap<>();

    private record Bought(SessionFeatures features, long atNanos) {
    }
    private long positives;
    private long negatives;
    private long censoredSessions;

    private static final class Tracked {
        SessionFeatures features = SessionFeatures.anonymous();
        /** The features at the session's first request and at the first request of each higher stage. */
        final List<SessionFeatures> steps = new ArrayList<>(2);
        long lastSeenNanos;
        boolean admitted;
        boolean censored;

        void request(int checkoutStage, long cartValueMinor, boolean returningCustomer, boolean browsing) {
            int before = features.checkoutStage();
            features = features.withRequest(checkoutStage, cartValueMinor, returningCustomer, browsing);
            if (steps.isEmpty() || features.checkoutStage() > before) {
                steps.add(features);
            }
        }
    }

    /**
     * One request's ranking inputs.
     *
     * @param value    predicted chance that the session buys, in [0, 1]
     * @param underWay an earlier request of the session was admitted
     */
    public record Scored(double value, boolean underWay) {
    }

    public SessionValueModel(OnlineLogisticRegression model, LongSupplier nanoTime, long windowNanos, int maxSessions) {
        Check.argument(windowNanos > 0, "windowNanos must be positive, was %s", windowNanos);
        Check.argument(maxSessions > 0, "maxSessions must be positive, was %s", maxSessions);
        this.model = model;
        this.nanoTime = nanoTime;
        this.windowNanos = windowNanos;
        this.maxSessions = maxSessions;
    }

    /** Records one request of {@code sessionId} and returns its value score in [0, 1]. */
    public double observe(String sessionId, int checkoutStage, long cartValueMinor, boolean returningCustomer) {
        return rank(sessionId, checkoutStage, cartValueMinor, returningCustomer).value();
    }

    /** {@link #rank(String, int, long, boolean, boolean)} of a browsing request. */
    public Scored rank(String sessionId, int checkoutStage, long cartValueMinor, boolean returningCustomer) {
        return rank(sessionId, checkoutStage, cartValueMinor, returningCustomer, true);
    }

    /**
     * Records one request of {@code sessionId}; returns its value score and whether its session is
     * under way. {@code browsing}: the request is a browsing page (catalogue, search, product); the
     * first request's says how the session came in.
     */
    public Scored rank(String sessionId, int checkoutStage, long cartValueMinor, boolean returningCustomer, boolean browsing) {
        long now = nanoTime.getAsLong();
        SessionFeatures features;
        boolean underWay;
        List<Tracked> expired = new ArrayList<>();
        synchronized (sessions) {
            expireLocked(now, expired);
            Bought b = bought.get(sessionId);
            if (b != null) {
                // a buyer's later requests (order status): under way, and never tracked again
                features = b.features();
                underWay = true;
            } else {
                Tracked t = sessions.computeIfAbsent(sessionId, k -> new Tracked());
                t.request(checkoutStage, cartValueMinor, returningCustomer, browsing);
                t.lastSeenNanos = now;
                features = t.features;
                underWay = t.admitted;
                while (sessions.size() > maxSessions) {
                    Iterator<Tracked> eldest = sessions.values().iterator();
                    expired.add(eldest.next());
                    eldest.remove();
                }
            }
        }
        learnNegatives(expired);
        return new Scored(model.predict(features.vector()), underWay);
    }

    /** A request of the session was admitted: the session is under way. Unknown sessions are ignored. */
    public void admitted(String sessionId) {
        synchronized (sessions) {
            // get() also counts as access, keeping a session that is being served off the eviction end
            Tracked t = sessions.get(sessionId);
            if (t != null) {
                t.admitted = true;
            }
        }
    }

    /**
     * A request of the session was refused (shed, over quota) or failed (an error or no answer in
     * time): the session did not have its chance to buy, so whatever it does now teaches nothing,
     * neither a purchase nor a "did not buy". It is still tracked, for its rank. Unknown sessions
     * and sessions that already bought are ignored.
     */
    public void censored(String sessionId) {
        synchronized (sessions) {
            Tracked t = sessions.get(sessionId);
            if (t != null && !t.censored) {
                t.censored = true;
                censoredSessions++;
            }
        }
    }

    /**
     * The session's cart is now worth {@code cartValueMinor} (the edge read it from the shop's
     * answer to a cart change); it is not a request of its own. Unknown sessions are ignored.
     */
    public void cartValue(String sessionId, long cartValueMinor) {
        synchronized (sessions) {
            Tracked t = sessions.get(sessionId);
            if (t != null) {
                t.features = t.features.withCartValue(cartValueMinor);
                // the step just taken now knows its cart: the stage's later requests are ranked with it
                int last = t.steps.size() - 1;
                if (last >= 0 && t.steps.get(last).checkoutStage() == t.features.checkoutStage()) {
                    t.steps.set(last, t.steps.get(last).withCartValue(cartValueMinor));
                }
            }
        }
    }

    /** The features the model currently holds for a session, if it is tracked. */
    public java.util.Optional<SessionFeatures> features(String sessionId) {
        synchronized (sessions) {
            Tracked t = sessions.get(sessionId);
            return java.util.Optional.ofNullable(t == null ? null : t.features);
        }
    }

    /**
     * The session bought: learn its steps as positives, once, and stop tracking it. A session the
     * model never saw teaches nothing (there are no features to learn from), nor does a censored one.
     */
    public void converted(String sessionId) {
        Tracked t;
        synchronized (sessions) {
            if (bought.containsKey(sessionId)) {
                return;
            }
            t = sessions.remove(sessionId);
            if (t == null) {
                return;
            }
            bought.put(sessionId, new Bought(t.features, nanoTime.getAsLong()));
            if (bought.size() > maxSessions) {
                bought.remove(bought.keySet().iterator().next());
            }
            if (t.censored) {
                return;
            }
            positives++;
        }
        learn(t, true);
    }

    /** The regression behind the scores: its weights are what a snapshot keeps across restarts. */
    public OnlineLogisticRegression regression() {
        return model;
    }

    public double score(SessionFeatures features) {
        return model.predict(features.vector());
    }

    /** Labels sessions quiet for longer than the window; call now and then when traffic is low. */
    public void expire() {
        List<Tracked> expired = new ArrayList<>();
        synchronized (sessions) {
            expireLocked(nanoTime.getAsLong(), expired);
        }
        learnNegatives(expired);
    }

    public long positives() {
        synchronized (sessions) {
            return positives;
        }
    }

    public long negatives() {
        synchronized (sessions) {
            return negatives;
        }
    }

    /** Sessions that were refused or failed on the way, so teach nothing (see {@link #censored}). */
    public long censoredSessions() {
        synchronized (sessions) {
            return censoredSessions;
        }
    }

    public int tracked() {
        synchronized (sessions) {
            return sessions.size();
        }
    }

    private void expireLocked(long now, List<Tracked> out) {
        for (Iterator<Bought> it = bought.values().iterator(); it.hasNext(); ) {
            if (now - it.next().atNanos() < windowNanos) {
                break;
            }
            it.remove();
        }
        // access order: the eldest entries are the least recently active
        for (Iterator<Tracked> it = sessions.values().iterator(); it.hasNext(); ) {
            Tracked t = it.next();
            if (now - t.lastSeenNanos < windowNanos) {
                break;
            }
            out.add(t);
            it.remove();
        }
    }

    private void learnNegatives(List<Tracked> expired) {
        long learned = 0;
        for (Tracked t : expired) {
            if (!t.censored) {
                learn(t, false);
                learned++;
            }
        }
        if (learned > 0) {
            synchronized (sessions) {
                negatives += learned;
            }
        }
    }

    /** Called outside the sessions lock; a session's steps are final once it left the map. */
    private void learn(Tracked t, boolean bought) {
        for (SessionFeatures step : t.steps) {
            model.update(step.vector(), bought);
        }
    }
}
