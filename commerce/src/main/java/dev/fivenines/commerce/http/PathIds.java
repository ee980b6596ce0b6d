package dev.fivenines.commerce.http;

import dev.fivenines.base.Problem;
import dev.fivenines.base.ProblemException;
import io.helidon.webserver.http.ServerRequest;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Ids taken from URL paths. A path naming something that cannot exist (not a UUID, absurdly long)
 * is answered like one naming something that does not: 404, with a hint about the id's form.
 */
public final class PathIds {
    public static final int MAX_PRODUCT_ID_LENGTH = 64;
    private static final Pattern PRODUCT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private PathIds() {
    }

    public static UUID uuid(ServerRequest req, String param, String what) {
        String value = req.path().pathParameters().get(param);
        try {
            if (value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the 404 below: the id names nothing
        }
        throw new ProblemException(Problem.of(404, "not-found", "Not found",
                what + " " + abbreviate(value) + " does not exist (" + what + " ids are UUIDs)"));
    }

    public static String productId(ServerRequest req, String param) {
        String value = req.path().pathParameters().get(param);
        if (!PRODUCT_ID.matcher(value).matches()) {
            throw new ProblemException(Problem.notFound("product", abbreviate(value)));
        }
        return value;
    }

    public static boolean isProductId(String value) {
        return value != null && PRODUCT_ID.matcher(value).matches();
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
