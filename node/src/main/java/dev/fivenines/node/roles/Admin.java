package dev.fivenines.node.roles;

import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Admin endpoints require {@code Authorization: Bearer <token>}; compared in constant time. */
public final class Admin {
    private Admin() {
    }

    public static void requireToken(ServerRequest req, String token) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        String presented = header.startsWith("Bearer ") ? header.substring(7).trim() : "";
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(Problem.of(401, "unauthorized", "Unauthorized",
                    "admin endpoints need 'Authorization: Bearer <token>' (the token is in the state directory's admin-token file or FIVENINES_ADMIN_TOKEN)"));
        }
    }
}
