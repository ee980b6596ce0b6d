package dev.fivenines.edge.console;

import dev.fivenines.base.Check;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The console's sign-in, as a value a browser can keep in a cookie: {@code <expiry>.<mac>}, the
 * expiry in epoch seconds and the mac an HMAC-SHA256 of it under a key derived from the admin token
 * (docs/decisions/042-console-session-cookie.md). Stateless: every edge of a deployment accepts what
 * any of them issued, and changing the admin token ends every session. Framework-free.
 */
public final class ConsoleSessions {
    /** How long a sign-in lasts: a working day. */
    public static final long DEFAULT_TTL_SECONDS = TimeUnit.HOURS.toSeconds(8);
    private static final String ALGORITHM = "HmacSHA256";
    /** Keeps this key apart from any other use of the token (domain separation). */
    private static final byte[] KEY_LABEL = "fivenines console session v1".getBytes(StandardCharsets.US_ASCII);
    /** Bound on what is parsed: a real value is ~55 characters. */
    private static final int MAX_VALUE_LENGTH = 128;

    /** What a presented value is; only {@link #VALID} signs anyone in. */
    public enum Verdict { VALID, MISSING, MALFORMED, FORGED, EXPIRED }

    private final SecretKeySpec key;
    private final LongSupplier epochSeconds;
    private final long ttlSeconds;

    /**
     * @param adminToken   the admin token; the signing key is derived from it
     * @param epochSeconds the clock
     * @param ttlSeconds   how long a session lasts, in [60, 7 days]
     */
    public ConsoleSessions(String adminToken, LongSupplier epochSeconds, long ttlSeconds) {
        Check.argument(adminToken != null && !adminToken.isBlank(), "the console's sessions need the admin token");
        Check.inRange("ttlSeconds", ttlSeconds, 60, TimeUnit.DAYS.toSeconds(7));
        this.key = new SecretKeySpec(mac(new SecretKeySpec(adminToken.getBytes(StandardCharsets.UTF_8), ALGORITHM),
                KEY_LABEL), ALGORITHM);
        this.epochSeconds = epochSeconds;
        this.ttlSeconds = ttlSeconds;
    }

    public long ttlSeconds() {
        return ttlSeconds;
    }

    /** A fresh session value, valid for {@link #ttlSeconds()} from now. */
    public String issue() {
        String expiry = Long.toString(epochSeconds.getAsLong() + ttlSeconds);
        return expiry + "." + sign(expiry);
    }

    /** Whether {@code value} (a cookie's, possibly null) is a session this key issued that has not expired. */
    public Verdict verify(String value) {
        if (value == null || value.isEmpty()) {
            return Verdict.MISSING;
        }
        int dot = value.indexOf('.');
        if (value.length() > MAX_VALUE_LENGTH || dot <= 0 || dot == value.length() - 1) {
            return Verdict.MALFORMED;
        }
        String expiry = value.substring(0, dot);
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expiry);
        } catch (NumberFormatException e) {
            return Verdict.MALFORMED;
        }
        // The mac first, in constant time: an expired forgery is a forgery.
        byte[] presented = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(presented, sign(expiry).getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.FORGED;
        }
        return epochSeconds.getAsLong() < expiresAt ? Verdict.VALID : Verdict.EXPIRED;
    }

    private String sign(String expiry) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, expiry.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] mac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is required of every JVM", e);
        }
    }
}
