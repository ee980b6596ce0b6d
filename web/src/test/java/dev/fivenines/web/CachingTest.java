package dev.fivenines.web;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingTest {
    private static final EntityTag PAGE = new EntityTag("abc", true);

    @Test
    void givenTheSamePartsInTheSameOrder_whenTagged_thenTheTagIsTheSameAndWeak() {
        EntityTag a = EntityTag.weakOf().add("product").add("sku-1").add(12L).build();
        EntityTag b = EntityTag.weakOf().add("product").add("sku-1").add(12L).build();

        assertThat(a).isEqualTo(b);
        assertThat(a.weak()).isTrue();
        assertThat(a.header()).startsWith("W/\"").endsWith("\"").hasSize(16 + 4);
    }

    @Test
    void givenPartsThatConcatenateAlike_whenTagged_thenTheTagsDiffer() {
        assertThat(EntityTag.weakOf().add("ab").add("c").build())
                .isNotEqualTo(EntityTag.weakOf().add("a").add("bc").build());
        assertThat(EntityTag.weakOf().add((Long) null).build())
                .isNotEqualTo(EntityTag.weakOf().add(0L).build());
        assertThat(EntityTag.weakOf().add((String) null).build())
                .isNotEqualTo(EntityTag.weakOf().add("").build());
    }

    @Test
    void givenBytes_whenTaggedStrongly_thenOneByteMoreIsAnotherTag() {
        EntityTag doc = EntityTag.strongOf("openapi: 3.1.0".getBytes(StandardCharsets.UTF_8));

        assertThat(doc.weak()).isFalse();
        assertThat(doc.header()).startsWith("\"");
        assertThat(EntityTag.strongOf("openapi: 3.1.0 ".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(doc);
    }

    @Test
    void givenAQuoteInTheOpaquePart_whenATagIsMade_thenItIsRefused() {
        assertThatThrownBy(() -> new EntityTag("a\"b", false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenIfNoneMatchLists_whenCompared_thenTheWeakComparisonDecides() {
        assertThat(Caching.anyMatches(List.of("W/\"abc\""), PAGE)).isTrue();
        assertThat(Caching.anyMatches(List.of("\"abc\""), PAGE)).as("weak comparison ignores W/").isTrue();
        assertThat(Caching.anyMatches(List.of("\"x\", W/\"abc\""), PAGE)).isTrue();
        assertThat(Caching.anyMatches(List.of("\"x\"", "W/\"abc\""), PAGE)).as("several header lines").isTrue();
        assertThat(Caching.anyMatches(List.of("*"), PAGE)).isTrue();
        assertThat(Caching.anyMatches(List.of("\"abcd\""), PAGE)).isFalse();
        assertThat(Caching.anyMatches(List.of("abc"), PAGE)).as("an unquoted tag is malformed").isFalse();
    }

    @Test
    void givenAMalformedMember_whenParsed_thenWhatCameBeforeItStillCounts() {
        assertThat(Caching.parseList("\"a\", b, \"c\"")).containsExactly(new EntityTag("a", false));
        assertThat(Caching.parseList("W/\"a,b\"")).as("a comma may be part of a tag").containsExactly(new EntityTag("a,b", true));
        assertThat(Caching.parseList("\"unterminated")).isEmpty();
        assertThat(Caching.parseList("")).isEmpty();
    }

    @Test
    void givenAMaxAge_whenDeclaredPublic_thenWholeSecondsWithinTheLimit() {
        assertThat(Caching.publicFor(Duration.ofMillis(1999))).isEqualTo("public, max-age=1");
        assertThat(Caching.publicFor(Duration.ZERO)).isEqualTo("public, max-age=0");
        assertThatThrownBy(() -> Caching.publicFor(Duration.ofSeconds(-1))).hasMessageContaining("max-age must be in");
        assertThatThrownBy(() -> Caching.publicFor(Duration.ofDays(2))).hasMessageContaining("max-age must be in");
    }
}
