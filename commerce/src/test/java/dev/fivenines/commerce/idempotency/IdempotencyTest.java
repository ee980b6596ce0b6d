package dev.fivenines.commerce.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final UUID ORDER = UUID.fromString("00000000-0000-7000-8000-0000000000aa");

    private static String fp(String body) {
        return RequestFingerprint.of("POST", "/api/v1/checkout", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givenTheSameBodyWithOtherMemberOrderAndSpacing_whenFingerprinted_thenTheFingerprintsAreEqual() {
        assertThat(fp("{\"cartId\":\"c1\",\"email\":\"a@b.c\",\"x\":{\"b\":1,\"a\":[2,{\"z\":0,\"y\":1}]}}"))
                .isEqualTo(fp(" { \"x\" : {\"a\":[2,{\"y\":1,\"z\":0}], \"b\":1}, \"email\":\"a@b.c\",\n\"cartId\":\"c1\" }"));
    }

    @Test
    void givenADifferentValueMethodOrPath_whenFingerprinted_thenTheFingerprintDiffers() {
        String base = fp("{\"cartId\":\"c1\",\"email\":\"a@b.c\"}");
        assertThat(fp("{\"cartId\":\"c2\",\"email\":\"a@b.c\"}")).isNotEqualTo(base);
        assertThat(RequestFingerprint.of("PUT", "/api/v1/checkout", "{\"cartId\":\"c1\",\"email\":\"a@b.c\"}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(base);
        assertThat(RequestFingerprint.of("POST", "/api/v1/other", "{\"cartId\":\"c1\",\"email\":\"a@b.c\"}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(base);
        assertThat(base).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void givenATree_whenCanonicalised_thenMembersAreSortedAtEveryLevel() throws Exception {
        var tree = new ObjectMapper().readTree("{\"b\":{\"d\":1,\"c\":2},\"a\":true}");
        assertThat(RequestFingerprint.canonical(tree)).isEqualTo("{\"a\":true,\"b\":{\"c\":2,\"d\":1}}");
    }

    @Test
    void givenAStoredKey_whenTheSameRequestComesBack_thenTheRulesReplayRefuseWaitOrTakeOver() {
        var completed = new IdempotencyRecord("k", "fp", ORDER, true, NOW, 201, "{\"id\":1}");
        var running = new IdempotencyRecord("k", "fp", ORDER, false, NOW.plusSeconds(20), null, null);
        var dead = new IdempotencyRecord("k", "fp", ORDER, false, NOW.minusSeconds(1), null, null);

        assertThat(IdempotencyRules.decide(completed, "fp", NOW)).isEqualTo(new IdempotencyRules.Decision.Replay(201, "{\"id\":1}", ORDER));
        assertThat(IdempotencyRules.decide(completed, "other", NOW)).isInstanceOf(IdempotencyRules.Decision.Mismatch.class);
        assertThat(IdempotencyRules.decide(running, "other", NOW)).isInstanceOf(IdempotencyRules.Decision.Mismatch.class);
        assertThat(IdempotencyRules.decide(running, "fp", NOW)).isEqualTo(new IdempotencyRules.Decision.InProgress(5));
        assertThat(IdempotencyRules.decide(running, "fp", NOW.plus(Duration.ofMillis(19_500))))
                .isEqualTo(new IdempotencyRules.Decision.InProgress(1));
        assertThat(IdempotencyRules.decide(dead, "fp", NOW)).isEqualTo(new IdempotencyRules.Decision.Proceed(ORDER, true));
    }

    @Test
    void givenCandidateKeys_whenValidated_thenOnly1To128PrintableAsciiCharactersPass() {
        assertThat(IdempotencyKeys.problemWith("abc-123_XYZ:~")).isEmpty();
        assertThat(IdempotencyKeys.problemWith("k".repeat(128))).isEmpty();
        assertThat(IdempotencyKeys.problemWith(null)).hasValueSatisfying(p -> assertThat(p).contains("required"));
        assertThat(IdempotencyKeys.problemWith("")).hasValueSatisfying(p -> assertThat(p).contains("required"));
        assertThat(IdempotencyKeys.problemWith("k".repeat(129))).hasValueSatisfying(p -> assertThat(p).contains("128"));
        assertThat(IdempotencyKeys.problemWith("tab\there")).hasValueSatisfying(p -> assertThat(p).contains("printable"));
        assertThat(IdempotencyKeys.problemWith("caf\u00e9")).hasValueSatisfying(p -> assertThat(p).contains("printable"));
        assertThat(IdempotencyKeys.problemWith("   ")).hasValueSatisfying(p -> assertThat(p).contains("blank"));
    }
}
