package dev.fivenines.edge.console;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleSessionsTest {
    private static final String TOKEN = "console-test-token-0123";
    private final AtomicLong now = new AtomicLong(1_800_000_000L);
    private final ConsoleSessions sessions = new ConsoleSessions(TOKEN, now::get, ConsoleSessions.DEFAULT_TTL_SECONDS);

    @Test
    void a_session_it_issued_is_valid_until_eight_hours_later_then_expired() {
        String value = sessions.issue();
        assertThat(sessions.verify(value)).isEqualTo(ConsoleSessions.Verdict.VALID);
        now.addAndGet(8 * 3600 - 1);
        assertThat(sessions.verify(value)).isEqualTo(ConsoleSessions.Verdict.VALID);
        now.incrementAndGet();
        assertThat(sessions.verify(value)).isEqualTo(ConsoleSessions.Verdict.EXPIRED);
    }

    @Test
    void a_missing_value_signs_nobody_in() {
        assertThat(sessions.verify(null)).isEqualTo(ConsoleSessions.Verdict.MISSING);
        assertThat(sessions.verify("")).isEqualTo(ConsoleSessions.Verdict.MISSING);
    }

    @Test
    void a_tampered_expiry_or_mac_is_a_forgery() {
        String value = sessions.issue();
        String mac = value.substring(value.indexOf('.') + 1);
        long expiry = Long.parseLong(value.substring(0, value.indexOf('.')));
        // Given a stolen, expired value, moving its expiry on does not revive it.
        assertThat(sessions.verify((expiry + 3600) + "." + mac)).isEqualTo(ConsoleSessions.Verdict.FORGED);
        char last = mac.charAt(mac.length() - 1);
        String flipped = value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(sessions.verify(flipped)).isEqualTo(ConsoleSessions.Verdict.FORGED);
        now.addAndGet(9 * 3600);
        assertThat(sessions.verify((expiry + 3600 * 24) + "." + mac)).as("expired and forged: a forgery")
                .isEqualTo(ConsoleSessions.Verdict.FORGED);
    }

    @Test
    void a_session_of_another_admin_token_is_a_forgery() {
        ConsoleSessions other = new ConsoleSessions("another-admin-token-456", now::get, ConsoleSessions.DEFAULT_TTL_SECONDS);
        assertThat(sessions.verify(other.issue())).isEqualTo(ConsoleSessions.Verdict.FORGED);
    }

    @Test
    void values_that_are_not_expiry_dot_mac_are_malformed() {
        for (String value : new String[]{"abc", ".abc", "123.", "notanumber.abc", "9".repeat(30) + ".abc", "1.".concat("x".repeat(200))}) {
            assertThat(sessions.verify(value)).as(value).isEqualTo(ConsoleSessions.Verdict.MALFORMED);
        }
    }

    @Test
    void the_ttl_is_bounded() {
        assertThatThrownBy(() -> new ConsoleSessions(TOKEN, now::get, 10)).hasMessageContaining("ttlSeconds");
    }
}
