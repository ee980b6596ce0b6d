package dev.fivenines.edge;

import dev.fivenines.base.Check;
import dev.fivenines.base.ConfigException;
import dev.fivenines.traffic.value.SessionTokens;
import dev.fivenines.web.Cookies;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.ServerResponseHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * The session identity the edge issues itself (docs/traffic.md, "Sessions"), in two signed cookies:
 * <ul>
 *   <li>{@value #SESSION_COOKIE}: the session id, a browser-session cookie whose token expires
 *       {@code ttlSeconds} after it was issued, re-issued once half of that has passed;</li>
 *   <li>{@value #CUSTOMER_COOKIE}: "this browser placed an order", set on the answer to a
 *       successful checkout, kept {@code returningDays}: what makes a later visit a returning
 *       customer's.</li>
 * </ul>
 * A request without a valid session cookie (none, unsigned, forged, expired) starts a fresh
 * session; without a valid customer cookie it is not a returning customer's. Nothing a client
 * writes in a header can change either: the value model gets exactly the prior for it.
 */
public final class EdgeSessions {
    private static final Logger LOG = Logger.getLogger(EdgeSessions.class.getName());
    public static final String SESSION_COOKIE = "fivenines_session";
    public static final String CUSTOMER_COOKIE = "fivenines_customer";
    /** The signing key, shared by every edge of a deployment (at least 32 bytes of UTF-8). */
    public static final String KEY_ENV = "FIVENINES_SESSION_KEY";

    /**
     * @param ttlSeconds    how long a session token is valid after it was (re-)issued
     * @param returningDays how long a customer token says "placed an order"
     * @param secure        mark both cookies {@code Secure} (behind TLS)
     */
    public record Settings(int ttlSeconds, int returningDays, boolean secure) {
        public static final int DEFAULT_TTL_SECONDS = 1_800;
        public static final int DEFAULT_RETURNING_DAYS = 90;

        public Settings {
            Check.inRange("traffic.session.ttlSeconds", ttlSeconds, 60, 7 * 86_400);
            Check.inRange("traffic.session.returningDays", returningDays, 1, 3_650);
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_TTL_SECONDS, DEFAULT_RETURNING_DAYS, false);
        }
    }

    /**
     * Who a request is, as far as the edge can vouch.
     *
     * @param sessionId the session (fresh when the request carried no valid session token)
     * @param fresh     the session starts with this request
     * @param returning the request carried a valid customer token
     */
    public record Identity(String sessionId, boolean fresh, boolean returning) {
    }

    private final SessionTokens tokens;
    private final Settings settings;

    public EdgeSessions(SessionTokens tokens, Settings settings) {
        this.tokens = tokens;
        this.settings = settings;
    }

    /**
     * Sessions signed with {@value #KEY_ENV} from {@code env}, or, when it is unset, with a random key
     * drawn now (logged: cookies then die with the process and another edge does not accept them).
     */
    public static EdgeSessions fromEnvironment(Map<String, String> env, Settings settings, LongSupplier epochSeconds,
                                               RandomGenerator secureRandom) {
        String configured = env.get(KEY_ENV);
        byte[] key;
        if (configured == null || configured.isEmpty()) {
            key = new byte[SessionTokens.MIN_KEY_BYTES];
            secureRandom.nextBytes(key);
            LOG.warning(KEY_ENV + " is not set: session cookies are signed with a random key of this process; they do not "
                    + "survive a restart of this edge and other edges do not accept them");
        } else {
            key = configured.getBytes(StandardCharsets.UTF_8);
            if (key.length < SessionTokens.MIN_KEY_BYTES) {
                throw new ConfigException(KEY_ENV + " must be at least " + SessionTokens.MIN_KEY_BYTES
                        + " bytes (e.g. openssl rand -base64 32), was " + key.length);
            }
        }
        return new EdgeSessions(new SessionTokens(key, epochSeconds, secureRandom), settings);
    }

    /** The request's identity; adds the Set-Cookie of a fresh or renewed session token to {@code out}. */
    public Identity resolve(Headers request, ServerResponseHeaders out) {
        long now = tokens.nowEpochSeconds();
        Optional<SessionTokens.Verified> session = tokens.verify(SessionTokens.Kind.SESSION, Cookies.first(request, SESSION_COOKIE));
        boolean returning = tokens.verify(SessionTokens.Kind.CUSTOMER, Cookies.first(request, CUSTOMER_COOKIE)).isPresent();
        if (session.isEmpty()) {
            String id = tokens.newId();
            out.add(HeaderNames.SET_COOKIE, sessionCookie(id, now));
            return new Identity(id, true, returning);
        }
        String id = session.get().id();
        if (session.get().expiresEpochSeconds() - now < settings.ttlSeconds() / 2) {
            out.add(HeaderNames.SET_COOKIE, sessionCookie(id, now));
        }
        return new Identity(id, false, returning);
    }

    /** The Set-Cookie that attests a purchase in {@code sessionId}: later visits are a returning customer's. */
    public String customerCookie(String sessionId) {
        long maxAge = TimeUnit.DAYS.toSeconds(settings.returningDays());
        String token = tokens.issue(SessionTokens.Kind.CUSTOMER, sessionId, tokens.nowEpochSeconds() + maxAge);
        return CUSTOMER_COOKIE + "=" + token + "; Max-Age=" + maxAge + attributes();
    }

    private String sessionCookie(String id, long now) {
        // No Max-Age: a browser-session cookie; the token's own expiry bounds it.
        return SESSION_COOKIE + "=" + tokens.issue(SessionTokens.Kind.SESSION, id, now + settings.ttlSeconds()) + attributes();
    }

    private String attributes() {
        return "; Path=/; HttpOnly; SameSite=Lax" + (settings.secure() ? "; Secure" : "");
    }

}
