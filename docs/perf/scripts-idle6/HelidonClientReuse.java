import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import java.time.Duration;
public class HelidonClientReuse {
    public static void main(String[] a) throws Exception {
        Http1Client http = Http1Client.builder().connectTimeout(Duration.ofMillis(500)).readTimeout(Duration.ofMillis(500))
            .socketOptions(dev.fivenines.web.Sockets.options()).followRedirects(false).build();
        for (int i = 0; i < Integer.parseInt(a[2]); i++) {
            try (HttpClientResponse r = http.get("http://127.0.0.1:" + a[0] + "/observe/health/ready").request()) {
                System.out.println(r.status() + " " + r.headers());
                r.entity().consume();
            }
            Thread.sleep(Long.parseLong(a[1]));
        }
    }
}
