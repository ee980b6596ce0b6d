package dev.fivenines.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An entity tag (RFC 9110 §8.8.3): a strong one names exact bytes, a weak one a meaning ("the same
 * product, price, stock figure and suggestions", whatever the staleness figure says). Tags are
 * digests of what the answer is made of, so every instance of a role gives the same tag for the
 * same content and a client's {@code If-None-Match} holds behind a round-robin edge.
 */
public record EntityTag(String opaque, boolean weak) {
    /** Digest bytes kept in a tag: 96 bits, 16 characters of base64url. */
    private static final int TAG_BYTES = 12;

    public EntityTag {
        Objects.requireNonNull(opaque, "opaque");
        for (int i = 0; i < opaque.length(); i++) {
            char c = opaque.charAt(i);
            if (c == '"' || c < 0x21 || c == 0x7F) {
                throw new IllegalArgumentException("an entity tag may not hold '" + c + "' (RFC 9110 etagc), was " + opaque);
            }
        }
    }

    /** The header value: {@code "x"} or {@code W/"x"}. */
    public String header() {
        return (weak ? "W/\"" : "\"") + opaque + '"';
    }

    /** The weak comparison of If-None-Match (RFC 9110 §8.8.3.2): same opaque value, weak or not. */
    public boolean weaklyMatches(EntityTag other) {
        return opaque.equals(other.opaque);
    }

    /** A strong tag for exactly these bytes. */
    public static EntityTag strongOf(byte[] bytes) {
        MessageDigest digest = sha256();
        digest.update(bytes);
        return new EntityTag(encode(digest.digest()), false);
    }

    /** A weak tag built from the parts an answer means, in order. */
    public static Builder weakOf() {
        return new Builder();
    }

    /** Adds parts to a digest; each is length- or kind-prefixed, so ("ab","c") and ("a","bc") differ. */
    public static final class Builder {
        private final MessageDigest digest = sha256();

        private Builder() {
        }

        public Builder add(String part) {
            if (part == null) {
                digest.update((byte) 0);
            } else {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                digest.update((byte) 1);
                add(bytes.length);
                digest.update(bytes);
            }
            return this;
        }

        public Builder add(long part) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                digest.update((byte) (part >>> shift));
            }
            return this;
        }

        /** A number that may be absent (null differs from every value). */
        public Builder add(Long part) {
            digest.update((byte) (part == null ? 0 : 2));
            return part == null ? this : add(part.longValue());
        }

        public EntityTag build() {
            return new EntityTag(encode(digest.digest()), true);
        }
    }

    private static String encode(byte[] sha) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha, TAG_BYTES));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
