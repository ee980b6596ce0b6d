package dev.fivenines.web;

import dev.fivenines.base.Check;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * HTTP caching of API answers (RFC 9110 §13 conditional requests, RFC 9111 Cache-Control).
 *
 * <p>Every {@code /api/v1} answer says {@value #PERSONAL} unless its handler declares it
 * cacheable ({@link ApiRoutes} sets it first): carts, checkout, orders and whatever a route
 * answers about one customer are kept by no cache, the browser's included. A public read declares
 * itself through {@link #answer}: an ETag and {@code Cache-Control: public, max-age=N}, and a
 * {@code 304 Not Modified} without a body when the request's {@code If-None-Match} already holds
 * the tag; the body is only made when it is sent.
 */
public final class Caching {
    /** What an answer about one customer (or anything not declared cacheable) says. */
    public static final String PERSONAL = "private, no-store";
    /** Longest max-age a public answer may declare: a catalogue page a day old is wrong. */
    public static final Duration MAX_AGE_LIMIT = Duration.ofDays(1);

    private Caching() {
    }

    /** {@code public, max-age=N}, N the whole seconds of {@code maxAge} (0 makes every cache ask again). */
    public static String publicFor(Duration maxAge) {
        Check.argument(!maxAge.isNegative() && maxAge.compareTo(MAX_AGE_LIMIT) <= 0,
                "max-age must be in [0, %s], was %s", MAX_AGE_LIMIT, maxAge);
        return "public, max-age=" + maxAge.toSeconds();
    }

    /**
     * Answers a cacheable read with {@code tag} and {@code cacheControl}: 304 and no body when the
     * request's If-None-Match holds the tag (or is {@code *}), else 200 with {@code body}'s JSON.
     */
    public static void answer(ServerRequest req, ServerResponse res, EntityTag tag, String cacheControl,
                              Supplier<Object> body) {
        if (notModified(req, res, tag, cacheControl)) {
            return;
        }
        Http.json(res, 200, body.get());
    }

    /** As {@link #answer}, for a body already in bytes of {@code contentType}. */
    public static void answerBytes(ServerRequest req, ServerResponse res, EntityTag tag, String cacheControl,
                                   String contentType, byte[] body) {
        if (notModified(req, res, tag, cacheControl)) {
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.send(body);
    }

    /** Sets the validators; answers 304 and says true when the client's copy is current. */
    private static boolean notModified(ServerRequest req, ServerResponse res, EntityTag tag, String cacheControl) {
        res.header(HeaderNames.ETAG, tag.header());
        res.header(HeaderNames.CACHE_CONTROL, cacheControl);
        List<String> noneMatch = req.headers().all(HeaderNames.IF_NONE_MATCH, List::of);
        if (noneMatch.isEmpty() || !anyMatches(noneMatch, tag)) {
            return false;
        }
        // RFC 9110 §15.4.5: a 304 carries the ETag and Cache-Control the 200 would have, and nothing else.
        res.status(Status.NOT_MODIFIED_304);
        res.send();
        return true;
    }

    /** True when one of If-None-Match's values is {@code *} or a tag weakly equal to {@code current}. */
    public static boolean anyMatches(List<String> ifNoneMatch, EntityTag current) {
        for (String value : ifNoneMatch) {
            if (value.trim().equals("*")) {
                return true;
            }
            for (EntityTag candidate : parseList(value)) {
                if (candidate.weaklyMatches(current)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The entity tags of one If-None-Match value ({@code W/"a", "b"}); a malformed member ends the
     * list there (what came before it still counts): a client's garbage can only cost it its 304.
     */
    public static List<EntityTag> parseList(String value) {
        List<EntityTag> tags = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t' || value.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            boolean weak = value.startsWith("W/", i);
            if (weak) {
                i += 2;
            }
            if (i >= n || value.charAt(i) != '"') {
                break;
            }
            int end = value.indexOf('"', i + 1);
            if (end < 0) {
                break;
            }
            try {
                tags.add(new EntityTag(value.substring(i + 1, end), weak));
            } catch (IllegalArgumentException e) {
                break;
            }
            i = end + 1;
        }
        return tags;
    }
}
