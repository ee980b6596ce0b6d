package dev.fivenines.commerce.order;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * Order access tokens: 128 random bits, URL-safe base64 (22 characters), handed to the buyer in
 * checkout's 201 and required to read or cancel the order. Only the SHA-256 of a token is stored, and
 * a presented token is compared in constant time. The random source is injected: production uses a
 * {@link SecureRandom} ({@link #secure()}); anything predictable makes the tokens guessable.
 */
public final class OrderTokens {
    public static final int TOKEN_BYTES = 16;
    /** Longest token worth hashing; anything longer cannot be one of ours. */
    public static final int MAX_TOKEN_LENGTH = 64;
    private static final byte[] NO_TOKEN = sha256("no token is stored for this order");

    private final RandomGenerator random;

    public OrderTokens(RandomGenerator random) {
        this.random = random;
    }

    /** Tokens from a new {@link SecureRandom}: what the shop runs with. */
    public static OrderTokens secure() {
        return new OrderTokens(new SecureRandom());
    }

    public String next() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What is stored for {@code token}. */
    public static byte[] digest(String token) {
        return sha256(token);
    }

    /**
     * Whether {@code presented} is the token whose digest is {@code stored} (null: the order has no
     * token, nothing matches). Takes the same time whether or not a digest is stored or the token is
     * right, so the answer's timing tells nothing either.
     */
    public static boolean matches(byte[] stored, String presented) {
        String candidate = presented == null || presented.length() > MAX_TOKEN_LENGTH ? "" : presented;
        boolean equal = MessageDigest.isEqual(stored == null ? NO_TOKEN : stored, sha256(candidate));
        return equal && stored != null && presented != null && !presented.isEmpty();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
