package dev.fivenines.web.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fivenines.base.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What node tests read back: a server's {@code /metrics} and a span file's spans. */
public final class Scrape {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Scrape() {
    }

    /** The Prometheus text of {@code /metrics} on a local port; asserts the scrape answered 200. */
    public static String metrics(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /metrics").isEqualTo(200);
        return response.body();
    }

    /** Every span in a JSON-lines span file. */
    public static List<JsonNode> spans(Path file) throws IOException {
        List<JsonNode> spans = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            spans.add(Json.mapper().readTree(line));
        }
        return spans;
    }
}
