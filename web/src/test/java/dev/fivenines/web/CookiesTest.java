package dev.fivenines.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CookiesTest {
    @Test
    void theFirstValueOfTheNamedCookieAcrossEveryCookieHeaderUnquoted() {
        WritableHeaders<?> headers = WritableHeaders.create();
        headers.add(HeaderNames.COOKIE, "theme=dark; fivenines_session_x=1");
        headers.add(HeaderNames.COOKIE, " fivenines_session = \"abc.def\" ; fivenines_session=second");

        assertThat(Cookies.first(headers, "fivenines_session")).isEqualTo("abc.def");
        assertThat(Cookies.first(headers, "theme")).isEqualTo("dark");
        assertThat(Cookies.first(headers, "missing")).isNull();
        assertThat(Cookies.first(WritableHeaders.create(), "theme")).isNull();
    }

    @Test
    void aPairWithoutANameOrWithoutAnEqualsSignIsSkipped() {
        WritableHeaders<?> headers = WritableHeaders.create();
        headers.add(HeaderNames.COOKIE, "=orphan; novalue; a=");

        assertThat(Cookies.first(headers, "novalue")).isNull();
        assertThat(Cookies.first(headers, "a")).isEmpty();
    }
}
