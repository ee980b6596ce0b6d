package dev.fivenines.commerce.payloads;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * Payload of {@code dev.fivenines.order.placed} (schema version 1), topic {@code fivenines.orders},
 * key = order id. Written by checkout in the same transaction as the order.
 *
 * <p>{@code sessionId} is optional (added within version 1): the shopping session the order was
 * placed in, from the checkout's {@code X-Session-Id} header, so every edge's value model can learn
 * the purchase; null when the request carried none or an invalid one. It is left out of the JSON
 * when null, so an order without a session is written exactly as before the field existed, and
 * unknown fields are ignored here, so a reader of this record accepts payloads with fields added
 * later. Validate it with {@link #isValidSessionId} where it is produced and where it is used: the
 * record itself accepts anything, because a bad session id must never stop the order's other
 * consumers (fulfillment, inventory commit).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderPlaced(String orderId, String email, List<Line> lines, MoneyJson total, Instant placedAt,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String sessionId) {
    public static final int SCHEMA_VERSION = 1;
    /** Longest session id the shop stores and the edges learn from (the edge accepts no longer one). */
    public static final int MAX_SESSION_ID_LENGTH = 128;

    /** An order placed outside any known session. */
    public OrderPlaced(String orderId, String email, List<Line> lines, MoneyJson total, Instant placedAt) {
        this(orderId, email, lines, total, placedAt, null);
    }

    public record Line(String productId, int quantity, MoneyJson unitPrice) {
    }

    /** 1 to {@value #MAX_SESSION_ID_LENGTH} visible ASCII characters (no spaces or control characters). */
    public static boolean isValidSessionId(String sessionId) {
        if (sessionId == null || sessionId.isEmpty() || sessionId.length() > MAX_SESSION_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < sessionId.length(); i++) {
            char c = sessionId.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
