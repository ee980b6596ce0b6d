package dev.fivenines.traffic.value;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionTokensTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong(1_800_000_000L);
    private final SessionTokens tokens = new SessionTokens(KEY, now::get, new SplittableRandom(7));

    @Test
    void givenATokenItIssued_itVerifiesWithItsIdAndExpiry_untilItExpires() {
        String id = tokens.newId();
        String token = tokens.issue(SessionTokens.Kind.SESSION, id, now.get() + 60);

        assertThat(tokens.verify(SessionTokens.Kind.SESSION, token))
                .hasValue(new SessionTokens.Verified(id, now.get() + 60));
        now.addAndGet(60);
        assertThat(tokens.verify(SessionTokens.Kind.SESSION, token)).as("expired").isEmpty();
    }

    @Test
    void givenForgedOrAlteredTokens_noneVerifies() {
        String id = tokens.newId();
        String token = tokens.issue(SessionTokens.Kind.SESSION, id, now.get() + 60);
        String[] parts = token.split("\\.");
        SessionTokens otherKey = new SessionTokens("another key, at least 32 bytes long!".getBytes(StandardCharsets.UTF_8),
                now::get, new SplittableRandom(8));

        assertThat(tokens.verify(SessionTokens.Kind.SESSION, parts[0] + "." + (now.get() + 99_999) + "." + parts[2]))
                .as("expiry pushed out").isEmpty();
        assertThat(tokens.verify(SessionTokens.Kind.SESSION, "other" + "." + parts[1] + "." + parts[2])).as("id swapped").isEmpty();
        assertThat(tokens.verify(SessionTokens.Kind.SESSION, otherKey.issue(SessionTokens.Kind.SESSION, id, now.get() + 60)))
                .as("signed by another key").isEmpty();
        assertThat(tokens.verify(SessionTokens.Kind.CUSTOMER, token)).as("a session token is no customer token").isEmpty();
        assertThat(tokens.verify(SessionTokens.Kind.SESSION, id)).as("unsigned").isEmpty();
        assertThat(tokens.verify(SessionTokens.Kind.SESSION, parts[0] + "." + parts[1] + ".")).isEmpty();
        assertThat(tokens.verify(SessionTokens.Kind.SESSION, parts[0] + "." + parts[1] + ".%%%")).isEmpty();
        assertThat(tokens.verify(SessionTokens.Kind.SESSION, null)).isEmpty();
    }

    @Test
    void givenFreshIds_theyAreDistinctAndValidSessionIds() {
        String a = tokens.newId();
        String b = tokens.newId();

        assertThat(a).isNotEqualTo(b).hasSize(22).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void givenAShortKey_itIsRefused() {
        assertThatThrownBy(() -> new SessionTokens(new byte[16], now::get, new SplittableRandom(1)))
                .hasMessageContaining("at least 32 bytes");
    }
}
