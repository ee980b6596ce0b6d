package dev.fivenines.traffic.value;

import dev.fivenines.base.Check;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Signed tokens the edge issues about a client, so the value model ranks by what the edge itself saw
 * and never by what a client claims: {@code <id>.<expiresEpochSeconds>.<mac>}, the MAC being
 * HMAC-SHA256 (base64url) over the format version, the token's kind, the id and the expiry.
 * The kind is inside the MAC, so a session token can never pass for a customer token.
 *
 * <ul>
 *   <li>{@link Kind#SESSION}: the id is the session's, drawn by the edge (128 random bits);</li>
 *   <li>{@link Kind#CUSTOMER}: "this browser placed an order", issued by the edge when it relays a
 *       successful checkout; the id is the session the order was placed in. It outlives the session,
 *       which is what lets a later visit be a returning customer's.</li>
 * </ul>
 *
 * <p>A token that does not parse, carries a wrong MAC (compared in constant time) or has expired
 * verifies as empty: the caller treats it exactly like no token. Time is the injected wall clock in
 * seconds (tokens must stay valid across restarts of an edge that keeps its key), randomness the
 * injected generator (a {@code SecureRandom} in production).
 */
public final class SessionTokens {
    /** Shortest key accepted: HMAC-SHA256's own output size. */
    public static final int MIN_KEY_BYTES = 32;
    private static final String VERSION = "v1";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern EXPIRES = Pattern.compile("\\d{1,12}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public enum Kind {
        SESSION("s"), CUSTOMER("c");

        private final String tag;

        Kind(String tag) {
            this.tag = tag;
        }
    }

    /** A token that verified: its id and when it expires. */
    public record Verified(String id, long expiresEpochSeconds) {
    }

    private final Mac prototype;
    private final LongSupplier epochSeconds;
    private final RandomGenerator random;

    public SessionTokens(byte[] key, LongSupplier epochSeconds, RandomGenerator random) {
        Check.argument(key != null && key.length >= MIN_KEY_BYTES, "a session key needs at least %s bytes, had %s",
                MIN_KEY_BYTES, key == null ? 0 : key.length);
        try {
            this.prototype = Mac.getInstance("HmacSHA256");
            this.prototype.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK; this one lacks it", e);
        }
        this.epochSeconds = epochSeconds;
        this.random = random;
    }

    /** A fresh session id: 128 random bits, base64url (22 characters; valid as an X-Session-Id). */
    public String newId() {
        byte[] bytes = new byte[16];
        synchronized (random) {
            random.nextBytes(bytes);
        }
        return B64.encodeToString(bytes);
    }

    public long nowEpochSeconds() {
        return epochSeconds.getAsLong();
    }

    /** The token for {@code id}, valid until {@code expiresEpochSeconds}. */
    public String issue(Kind kind, String id, long expiresEpochSeconds) {
        Check.argument(ID.matcher(id).matches(), "a token id is 1-64 base64url characters, was '%s'", id);
        Check.argument(expiresEpochSeconds >= 0, "expiry must not be negative, was %s", expiresEpochSeconds);
        return id + "." + expiresEpochSeconds + "." + B64.encodeToString(mac(kind, id, expiresEpochSeconds));
    }

    /** The token's id and expiry when it is well formed, signed by our key for {@code kind}, and not expired. */
    public Optional<Verified> verify(Kind kind, String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !ID.matcher(parts[0]).matches() || !EXPIRES.matcher(parts[1]).matches()) {
            return Optional.empty();
        }
        long expires = Long.parseLong(parts[1]);
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(presented, mac(kind, parts[0], expires)) || expires <= epochSeconds.getAsLong()) {
            return Optional.empty();
        }
        return Optional.of(new Verified(parts[0], expires));
    }

    private byte[] mac(Kind kind, String id, long expires) {
        Mac mac;
        try {
            synchronized (prototype) {
                mac = (Mac) prototype.clone();
            }
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 of this JDK cannot be cloned", e);
        }
        return mac.doFinal((VERSION + "|" + kind.tag + "|" + id + "|" + expires).getBytes(StandardCharsets.US_ASCII));
    }
}
