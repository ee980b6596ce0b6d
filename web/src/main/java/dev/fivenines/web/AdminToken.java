package dev.fivenines.web;

import dev.fivenines.base.ConfigException;
import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The shared secret that guards every {@code /admin/...} endpoint (faults, traffic, drains, the
 * ledger). Requests present it as {@code Authorization: Bearer <token>}; a missing or wrong one is a
 * 401 problem. Compared as SHA-256 digests, which have a fixed length, so the comparison's time says
 * nothing about the token.
 */
public final class AdminToken {
    public static final int MIN_LENGTH = 16;
    private static final String BEARER = "Bearer ";

    private final byte[] digest;

    /** @param token the secret, from the environment, at least {@value #MIN_LENGTH} characters */
    public AdminToken(String token) {
        if (token == null || token.isBlank() || token.length() < MIN_LENGTH) {
            throw new ConfigException("admin token must be at least " + MIN_LENGTH
                    + " non-blank characters (set it in the environment), was "
                    + (token == null ? "missing" : token.length() + " characters"));
        }
        this.digest = sha256(token);
    }

    /** Returns if the request carries the token; otherwise throws a 401 problem saying what is wrong. */
    public void require(ServerRequest req) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        String detail;
        if (header.isEmpty()) {
            detail = "an Authorization: Bearer <token> header is required";
        } else if (!header.get().regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            detail = "the Authorization header must use the Bearer scheme";
        } else if (!matches(header.get().substring(BEARER.length()).trim())) {
            detail = "the bearer token is not valid (it is in the state directory's admin-token file or FIVENINES_ADMIN_TOKEN)";
        } else {
            return;
        }
        throw new ProblemException(Problem.of(401, "unauthorized", "Unauthorized", detail));
    }

    /** Whether {@code presented} is the token, compared in constant time (a form field, for the console's sign-in). */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
