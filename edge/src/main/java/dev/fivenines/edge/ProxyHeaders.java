package dev.fivenines.edge;

import dev.fivenines.telemetry.HttpTracing;
import dev.fivenines.traffic.Criticality;
import io.helidon.http.ClientRequestHeaders;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Which headers the edge passes on, which it owns, and what it adds, both ways (docs/traffic.md, "Forwarding"). */
final class ProxyHeaders {
    static final HeaderName X_FORWARDED_FOR = HeaderNames.create("X-Forwarded-For");
    private static final HeaderName BAGGAGE = HeaderNames.create("baggage");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
            "expect", "http2-settings");
    /**
     * Set by the edge itself: a client's own values are replaced, never forwarded. A client's session
     * claims go nowhere: the session is the edge's, and "returning customer" is what its cookie attests.
     */
    private static final Set<String> EDGE_OWNED = Set.of("traceparent", "tracestate", "x-criticality", "baggage",
            "x-session-id", "x-returning-customer", "x-forwarded-for");

    private ProxyHeaders() {
    }

    /**
     * The caller's headers minus hop-by-hop and edge-owned ones, plus what the edge says about the
     * request. {@code cached}: the edge's cache answers the conditional itself (EdgeCache), so the
     * upstream is asked for the whole answer, without If-None-Match.
     */
    static void toUpstream(ServerRequest req, Criticality criticality, String session, HttpTracing tracing,
                           ClientRequestHeaders out, boolean cached) {
        String incomingBaggage = null;
        String forwardedFor = null;
        for (Header header : req.headers()) {
            String lower = header.name().toLowerCase(Locale.ROOT);
            if (lower.equals("baggage")) {
                incomingBaggage = String.join(",", header.allValues());
            } else if (lower.equals("x-forwarded-for")) {
                forwardedFor = String.join(", ", header.allValues());
            }
            if (!HOP_BY_HOP.contains(lower) && !EDGE_OWNED.contains(lower) && !(cached && lower.equals("if-none-match"))) {
                out.add(header);
            }
        }
        Map<String, String> trace = new LinkedHashMap<>();
        tracing.inject(trace);
        trace.forEach((name, value) -> out.set(HeaderNames.create(name), value));
        out.set(X_FORWARDED_FOR, forwardedFor(forwardedFor, req.remotePeer().host()));
        out.set(EdgeProxy.CRITICALITY, criticality.name());
        if (session != null) {
            out.set(EdgeProxy.SESSION_ID, session);
        }
        out.set(BAGGAGE, baggage(incomingBaggage, criticality));
    }

    /** The chain so far with the socket peer appended, as every proxy does (the last hop is the one we saw). */
    static String forwardedFor(String incoming, String peer) {
        return incoming == null || incoming.isBlank() ? peer : incoming + ", " + peer;
    }

    /** The caller's W3C baggage with our criticality entry replacing any the caller sent. */
    static String baggage(String incoming, Criticality criticality) {
        StringBuilder out = new StringBuilder();
        if (incoming != null) {
            for (String member : incoming.split(",")) {
                String m = member.trim();
                if (!m.isEmpty() && !m.startsWith(Criticality.BAGGAGE_KEY + "=")) {
                    out.append(m).append(',');
                }
            }
        }
        return out.append(Criticality.BAGGAGE_KEY).append('=').append(criticality.name()).toString();
    }

    static boolean isHopByHop(String name) {
        return HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT));
    }

    static void copyResponse(UpstreamClient.Answered answer, ServerResponse res) {
        res.status(Status.create(answer.status()));
        for (Header header : answer.headers()) {
            String lower = header.name().toLowerCase(Locale.ROOT);
            if (lower.equals("set-cookie")) {
                // added beside the edge's own session cookies, never over them
                res.headers().add(header);
            } else if (!HOP_BY_HOP.contains(lower)) {
                res.header(header);
            }
        }
        EdgeCache.keepCookiesPrivate(res.headers());
        res.send(answer.body());
    }
}
