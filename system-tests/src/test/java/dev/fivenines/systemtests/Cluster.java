package dev.fivenines.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives a local cluster exactly as a user does: through the {@code ./fivenines} launcher, with its
 * own state directory and ports shifted so it never meets a developer's running cluster.
 */
final class Cluster {
    static final ObjectMapper JSON = new ObjectMapper();
    /** 1000 unless FIVENINES_TEST_PORT_OFFSET says otherwise (two checkouts testing side by side). */
    static final int PORT_OFFSET = Integer.parseInt(System.getenv().getOrDefault("FIVENINES_TEST_PORT_OFFSET", "1000"));

    final Path home = Path.of(System.getProperty("fivenines.home", "..")).toAbsolutePath().normalize();
    final Path stateDir;
    final String adminToken = "system-test-token";
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Cluster(Path stateDir) {
        this.stateDir = stateDir;
    }

    String edge() {
        return "http://127.0.0.1:" + (8080 + PORT_OFFSET);
    }

    /** The cluster's embedded PostgreSQL (user postgres, no password, loopback only). */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + (15432 + PORT_OFFSET) + "/fivenines";
    }

    /** Runs {@code ./fivenines <args>} to completion (bounded) and returns exit code and output. */
    Result cli(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("fivenines").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("fivenines-cli", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        Map<String, String> env = builder.environment();
        env.put("FIVENINES_STATE_DIR", stateDir.toString());
        env.put("FIVENINES_PORT_OFFSET", Integer.toString(PORT_OFFSET));
        env.put("FIVENINES_ADMIN_TOKEN", adminToken);
        // The reactor has just built the jars; the launcher must not start a nested Maven build.
        env.put("FIVENINES_NO_BUILD", "1");
        // Each test's cluster is fresh: it would only record AOT configurations (a slower down, ~0.7 GB)
        // and never use them. AotCacheJdkTest covers the cache itself.
        env.put("FIVENINES_AOT", "off");
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("./fivenines " + String.join(" ", args) + " did not finish within " + timeout
                    + ":\n" + Files.readString(out));
        }
        return new Result(process.exitValue(), Files.readString(out));
    }

    record Result(int exitCode, String output) {
    }

    JsonNode clusterState() throws IOException {
        return JSON.readTree(stateDir.resolve("cluster.json").toFile());
    }

    long pidOf(String instance) throws IOException {
        for (JsonNode node : clusterState().path("instances")) {
            if (node.path("name").asText().equals(instance)) {
                return node.path("pid").asLong();
            }
        }
        throw new IllegalStateException("no instance " + instance + " in cluster.json");
    }

    /** One process as the supervisor last recorded it in cluster.json. */
    JsonNode instance(String name) throws IOException {
        for (JsonNode node : clusterState().path("instances")) {
            if (node.path("name").asText().equals(name)) {
                return node;
            }
        }
        throw new IllegalStateException("no instance " + name + " in cluster.json");
    }

    /** The supervisor's events about {@code instance} (events.jsonl), oldest first, of the given type. */
    List<JsonNode> events(String instance, String type) throws IOException {
        Path file = stateDir.resolve("events.jsonl");
        List<JsonNode> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        for (String line : Files.readAllLines(file)) {
            JsonNode event = JSON.readTree(line);
            if (event.path("instance").asText().equals(instance) && event.path("type").asText().equals(type)) {
                events.add(event);
            }
        }
        return events;
    }

    List<Long> allPids() throws IOException {
        List<Long> pids = new ArrayList<>();
        for (JsonNode node : clusterState().path("instances")) {
            pids.add(node.path("pid").asLong());
        }
        return pids;
    }

    int portOf(String instance) throws IOException {
        for (JsonNode node : clusterState().path("instances")) {
            if (node.path("name").asText().equals(instance)) {
                return node.path("port").asInt();
            }
        }
        throw new IllegalStateException("no instance " + instance + " in cluster.json");
    }

    Response get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), Map.of());
    }

    Response get(String url, Map<String, String> headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
    }

    /** Writes {@code request} as is to {@code baseUrl}'s host and port and returns the first line of the answer. */
    static String rawStatusLine(String baseUrl, byte[] request) throws IOException {
        URI uri = URI.create(baseUrl);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            StringBuilder line = new StringBuilder();
            for (int b = socket.getInputStream().read(); b >= 0 && b != '\n'; b = socket.getInputStream().read()) {
                line.append((char) b);
            }
            return line.toString().trim();
        }
    }

    Response getWithToken(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), Map.of("Authorization", "Bearer " + adminToken));
    }

    Response post(String url, String body, Map<String, String> headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    Response put(String url, String body, Map<String, String> headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    Response postBytes(String url, byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body)), Map.of());
    }

    private Response send(HttpRequest.Builder builder, Map<String, String> headers) throws IOException, InterruptedException {
        builder.timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json");
        headers.forEach(builder::header);
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Retry-After").orElse(null), response.body());
    }

    record Response(int status, String contentType, String retryAfter, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (status " + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + (body.length() > 500 ? body.substring(0, 500) + "..." : body);
        }
    }

    /** Buys one unit of {@code productId} through the edge; returns the checkout response. */
    Response buy(String productId, String idempotencyKey, String email) throws IOException, InterruptedException {
        Response cart = post(edge() + "/api/v1/carts", "{}", Map.of());
        if (cart.status() != 201) {
            return cart;
        }
        String cartId = cart.json().path("id").asText();
        Response line = post(edge() + "/api/v1/carts/" + cartId + "/lines",
                "{\"productId\":\"" + productId + "\",\"quantity\":1}", Map.of());
        if (line.status() != 200) {
            return line;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Idempotency-Key", idempotencyKey);
        return post(edge() + "/api/v1/checkout", "{\"cartId\":\"" + cartId + "\",\"email\":\"" + email + "\"}", headers);
    }
}
