package dev.fivenines.loadgen.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CookieJarTest {
    @Test
    void givenTheEdgesCookies_thenTheJarSendsThemBack_andKeepsOnlyThePersistentOneForALaterVisit() {
        CookieJar jar = new CookieJar();
        assertThat(jar.header()).isNull();

        jar.accept(List.of("fivenines_session=s1.1900000000.mac; Path=/; HttpOnly; SameSite=Lax"));
        jar.accept(List.of("fivenines_customer=s1.1907776000.mac2; Max-Age=7776000; Path=/; HttpOnly; SameSite=Lax",
                "fivenines_session=s1.1900000900.mac3; Path=/"));

        assertThat(jar.header()).isEqualTo("fivenines_session=s1.1900000900.mac3; fivenines_customer=s1.1907776000.mac2");
        assertThat(jar.persistent()).isEqualTo(Map.of("fivenines_customer", "s1.1907776000.mac2"));

        CookieJar laterVisit = new CookieJar();
        laterVisit.restore(jar.persistent());
        assertThat(laterVisit.header()).isEqualTo("fivenines_customer=s1.1907776000.mac2");
    }

    @Test
    void givenMaxAgeZeroOrAHeaderWithoutAName_thenTheCookieIsDeletedOrIgnored() {
        CookieJar jar = new CookieJar();
        jar.accept(List.of("a=1; Expires=Wed, 09 Jun 2100 10:18:14 GMT", "b=2"));
        jar.accept(List.of("a=; Max-Age=0", "=nameless", "garbage"));

        assertThat(jar.header()).isEqualTo("b=2");
        assertThat(jar.persistent()).isEmpty();
    }
}
