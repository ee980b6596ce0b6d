package dev.fivenines.systemtests.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fivenines.systemtests.fuzz.Inputs.Value;
import dev.fivenines.systemtests.fuzz.OpenApiOperations.Operation;
import dev.fivenines.systemtests.fuzz.OpenApiOperations.Param;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Walks every operation of the served OpenAPI document with valid inputs and with inputs the contract
 * refuses, through the edge, and judges each answer: never a 5xx (a shed 503/429 is retried after
 * its Retry-After, as a well-behaved client does, and must then be answered), every error
 * {@code application/problem+json}, every refused input a 4xx, a wrong method 405 with {@code Allow},
 * HEAD wherever GET. Seeded: the same seed sends the same requests in the same order (ids aside).
 * Orders are placed with emails at {@value #EMAIL_DOMAIN} on the given SKUs only, so the caller can
 * check that no refusal wrote anything.
 */
public final class ApiFuzzer {
    public static final String EMAIL_DOMAIN = "fuzz.example";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHED_RETRIES = 5;
    private static final int RANDOM_PAIRS_PER_OPERATION = 8;

    private final RawHttp http;
    private final long seed;
    private final Random random;
    private final List<String> skus;
    private final List<String> failures = new ArrayList<>();
    private final Set<String> placedOrderIds = new LinkedHashSet<>();
    private final Map<String, Integer> answersByStatus = new java.util.TreeMap<>();
    private int requests;
    private int emails;

    // Ids the valid requests use, made through the API itself.
    private String scratchCartId;
    private String checkoutCartId;
    private String orderId;
    private String purchaseOrderId;
    private String category;

    public ApiFuzzer(String host, int port, long seed, List<String> skus) {
        this.http = new RawHttp(host, port, Duration.ofSeconds(20));
        this.seed = seed;
        this.random = new Random(seed);
        this.skus = List.copyOf(skus);
    }

    /** What a run found. */
    public record Report(long seed, int requests, List<String> failures, Set<String> placedOrderIds,
                         Map<String, Integer> answersByStatus) {
    }

    public Report run() throws IOException, InterruptedException {
        JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(
                expectOk(get("/api/v1/openapi.yaml"), "the OpenAPI document").body());
        fixtures();
        for (Operation operation : OpenApiOperations.of(document)) {
            fuzz(operation);
        }
        return new Report(seed, requests, List.copyOf(failures), Set.copyOf(placedOrderIds), Map.copyOf(answersByStatus));
    }

    private void fixtures() throws IOException, InterruptedException {
        scratchCartId = newCartWithLine();
        checkoutCartId = newCartWithLine();
        RawHttp.Answer placed = send(checkoutRequest(validCheckoutBody()));
        expectStatus(placed, 201, "the fixture order");
        orderId = JSON.readTree(placed.body()).path("id").asText();
        placedOrderIds.add(orderId);
        checkoutCartId = newCartWithLine();
        JsonNode pos = JSON.readTree(expectOk(get("/api/v1/purchase-orders?limit=1"), "purchase orders").body()).path("items");
        purchaseOrderId = pos.isEmpty() ? UUID.randomUUID().toString() : pos.get(0).path("id").asText();
        JsonNode categories = JSON.readTree(expectOk(get("/api/v1/categories"), "categories").body()).path("items");
        category = categories.isEmpty() ? "lamps" : categories.get(0).asText();
    }

    // ---- one operation -------------------------------------------------------------------------

    private enum Kind { PARAM, PARAM_MISSING, FIELD, FIELD_MISSING, EXTRA_FIELD, WHOLE_BODY, NO_BODY, CONTENT_TYPE }

    /** One change to an otherwise valid request. */
    private record Mutation(Kind kind, String slot, Value value, boolean refused) {
        @Override
        public String toString() {
            return kind.name().toLowerCase() + (slot.isEmpty() ? "" : " " + slot) + (value == null ? "" : "=" + value.name());
        }
    }

    private void fuzz(Operation operation) throws IOException, InterruptedException {
        List<Mutation> mutations = mutationsOf(operation);
        judge(operation, List.of());
        for (Mutation mutation : mutations) {
            judge(operation, List.of(mutation));
        }
        for (int i = 0; i < RANDOM_PAIRS_PER_OPERATION && mutations.size() > 1; i++) {
            Mutation a = mutations.get(random.nextInt(mutations.size()));
            Mutation b = mutations.get(random.nextInt(mutations.size()));
            // Two mutations of one slot undo each other (a missing param then set again is valid
            // input, yet "refused" would expect a 4xx): a pair combines two different slots.
            if (!a.slot().equals(b.slot())) {
                judge(operation, List.of(a, b));
            }
        }
        wrongMethod(operation);
        if (operation.method().equals("GET")) {
            head(operation);
        }
    }

    private List<Mutation> mutationsOf(Operation operation) {
        List<Mutation> mutations = new ArrayList<>();
        for (Param param : operation.params()) {
            String slot = param.in() + " " + param.name();
            if (param.in().equals("header")) {
                boolean strict = param.required();
                for (Value value : Inputs.badHeaderValues()) {
                    // Bytes outside visible ASCII are refused by every node's HTTP layer; the rest only where the header is checked.
                    boolean refused = strict || !visibleAscii(value.bytes());
                    mutations.add(new Mutation(Kind.PARAM, slot, value, refused));
                }
            } else if ("integer".equals(param.schema().path("type").asText())) {
                for (Value value : Inputs.badIntegers(param.schema().path("minimum").asLong(Integer.MIN_VALUE),
                        param.schema().path("maximum").asLong(Integer.MAX_VALUE))) {
                    if (!(param.in().equals("path") && value.bytes().length == 0)) {
                        mutations.add(new Mutation(Kind.PARAM, slot, value, true));
                    }
                }
            } else {
                for (Value value : Inputs.badText(param.schema().path("maxLength").asInt(0))) {
                    mutations.add(new Mutation(Kind.PARAM, slot, value, true));
                }
                for (Value value : Inputs.oddText()) {
                    mutations.add(new Mutation(Kind.PARAM, slot, value, false));
                }
            }
            if (param.required() && !param.in().equals("path")) {
                mutations.add(new Mutation(Kind.PARAM_MISSING, slot, null, true));
            }
        }
        JsonNode schema = operation.bodySchema();
        if (schema != null) {
            Set<String> required = new TreeSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            schema.path("properties").fields().forEachRemaining(field -> {
                JsonNode type = field.getValue();
                List<Value> values = "integer".equals(type.path("type").asText())
                        ? Inputs.badJsonIntegers(type.path("minimum").asLong(Integer.MIN_VALUE), type.path("maximum").asLong(Integer.MAX_VALUE))
                        : Inputs.badJsonStrings(type.path("maxLength").asInt(0));
                for (Value value : values) {
                    mutations.add(new Mutation(Kind.FIELD, field.getKey(), value, true));
                }
                String format = type.path("format").asText("");
                if (!format.isEmpty()) {
                    mutations.add(new Mutation(Kind.FIELD, field.getKey(), Value.bad("not a " + format, "\"not-a-" + format + "\""), true));
                }
                if (required.contains(field.getKey())) {
                    mutations.add(new Mutation(Kind.FIELD_MISSING, field.getKey(), null, true));
                }
            });
            if (schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean()) {
                mutations.add(new Mutation(Kind.EXTRA_FIELD, "zzz", null, true));
            }
            for (Value value : Inputs.badBodies()) {
                mutations.add(new Mutation(Kind.WHOLE_BODY, "", value, true));
            }
            for (Value value : Inputs.badContentTypes()) {
                mutations.add(new Mutation(Kind.CONTENT_TYPE, "", value, true));
            }
            if (operation.bodyRequired()) {
                mutations.add(new Mutation(Kind.NO_BODY, "", null, true));
            }
        }
        return mutations;
    }

    private void judge(Operation operation, List<Mutation> mutations) throws IOException, InterruptedException {
        Request request = build(operation, mutations);
        boolean refused = mutations.stream().anyMatch(Mutation::refused);
        String what = operation.id() + (mutations.isEmpty() ? " (valid)" : " " + mutations);
        RawHttp.Answer answer;
        try {
            answer = send(request);
        } catch (IOException e) {
            fail(what, "no answer: " + e);
            return;
        }
        checkProblem(what, answer);
        if (refused && (answer.status() < 400 || answer.status() >= 500)) {
            fail(what, "expected a 4xx for input the contract refuses, got " + answer);
        } else if (!refused && answer.status() >= 500) {
            fail(what, "expected no 5xx, got " + answer);
        }
        if (operation.path().equals("/checkout") && answer.status() == 201) {
            placedOrderIds.add(JSON.readTree(answer.body()).path("id").asText());
            checkoutCartId = newCartWithLine();
        } else if (operation.path().equals("/checkout") && mutations.isEmpty()) {
            fail(what, "a valid checkout must be placed (201), got " + answer);
        }
    }

    private void wrongMethod(Operation operation) throws IOException, InterruptedException {
        if (operation.methodsOfPath().contains("PATCH") || !operation.method().equals(operation.methodsOfPath().iterator().next())) {
            return; // once per path
        }
        Request request = build(operation, List.of());
        request.method = "PATCH";
        String what = "PATCH " + operation.path() + " (not a method of this path)";
        RawHttp.Answer answer = send(request);
        checkProblem(what, answer);
        if (answer.status() != 405) {
            fail(what, "expected 405, got " + answer);
        } else if (answer.header("allow") == null || !answer.header("allow").contains(operation.method())) {
            fail(what, "expected Allow naming " + operation.methodsOfPath() + ", got Allow: " + answer.header("allow"));
        }
    }

    private void head(Operation operation) throws IOException, InterruptedException {
        Request get = build(operation, List.of());
        RawHttp.Answer got = send(get);
        get.method = "HEAD";
        RawHttp.Answer head = send(get);
        String what = "HEAD " + operation.path();
        if (head.status() != got.status()) {
            fail(what, "expected the GET's status " + got.status() + ", got " + head);
        }
    }

    // ---- requests --------------------------------------------------------------------------------

    /** A request being built: bytes everywhere, since the values need not be text. */
    private static final class Request {
        String method;
        String path;
        final Map<String, byte[]> pathValues = new LinkedHashMap<>();
        final Map<String, byte[]> query = new LinkedHashMap<>();
        final Map<String, byte[]> headers = new LinkedHashMap<>();
        final Map<String, byte[]> fields = new LinkedHashMap<>();
        byte[] wholeBody;
        boolean hasBody;
        String contentType = "application/json";

        byte[] target() {
            String target = "/api/v1" + path;
            for (Map.Entry<String, byte[]> value : pathValues.entrySet()) {
                target = target.replace("{" + value.getKey() + "}", Inputs.percentEncode(value.getValue()));
            }
            if (!query.isEmpty()) {
                target += "?" + query.entrySet().stream().map(q -> q.getKey() + "=" + Inputs.percentEncode(q.getValue()))
                        .collect(Collectors.joining("&"));
            }
            return target.getBytes(StandardCharsets.US_ASCII);
        }

        byte[] body() {
            if (!hasBody) {
                return null;
            }
            if (wholeBody != null) {
                return wholeBody;
            }
            List<byte[]> parts = new ArrayList<>();
            parts.add("{".getBytes(StandardCharsets.US_ASCII));
            boolean first = true;
            for (Map.Entry<String, byte[]> field : fields.entrySet()) {
                parts.add(((first ? "" : ",") + "\"" + field.getKey() + "\":").getBytes(StandardCharsets.US_ASCII));
                parts.add(field.getValue());
                first = false;
            }
            parts.add("}".getBytes(StandardCharsets.US_ASCII));
            return Inputs.concat(parts.toArray(byte[][]::new));
        }
    }

    private Request build(Operation operation, List<Mutation> mutations) throws IOException, InterruptedException {
        Request request = new Request();
        request.method = operation.method();
        request.path = operation.path();
        for (Param param : operation.params()) {
            Map<String, byte[]> place = switch (param.in()) {
                case "path" -> request.pathValues;
                case "query" -> request.query;
                case "header" -> request.headers;
                default -> throw new IllegalStateException("parameters in " + param.in() + " are not fuzzed: " + param);
            };
            String value = validParam(param);
            if (value != null) {
                place.put(param.name(), value.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (operation.bodySchema() != null) {
            request.hasBody = true;
            operation.bodySchema().path("properties").fieldNames().forEachRemaining(field ->
                    request.fields.put(field, validField(field).getBytes(StandardCharsets.UTF_8)));
        }
        for (Mutation mutation : mutations) {
            String name = mutation.slot().contains(" ") ? mutation.slot().substring(mutation.slot().indexOf(' ') + 1) : mutation.slot();
            switch (mutation.kind()) {
                case PARAM -> {
                    request.pathValues.computeIfPresent(name, (k, v) -> mutation.value().bytes());
                    if (mutation.slot().startsWith("query ")) {
                        request.query.put(name, mutation.value().bytes());
                    } else if (mutation.slot().startsWith("header ")) {
                        request.headers.put(name, mutation.value().bytes());
                    }
                }
                case PARAM_MISSING -> {
                    request.query.remove(name);
                    request.headers.remove(name);
                }
                case FIELD -> request.fields.put(name, mutation.value().bytes());
                case FIELD_MISSING -> request.fields.remove(name);
                case EXTRA_FIELD -> request.fields.put(name, "1".getBytes(StandardCharsets.US_ASCII));
                case WHOLE_BODY -> request.wholeBody = mutation.value().bytes();
                case NO_BODY -> request.hasBody = false;
                case CONTENT_TYPE -> request.contentType = new String(mutation.value().bytes(), StandardCharsets.US_ASCII);
            }
        }
        if (request.hasBody) {
            request.headers.put("Content-Type", request.contentType.getBytes(StandardCharsets.US_ASCII));
        }
        return request;
    }

    private String validParam(Param param) {
        return switch (param.name()) {
            case "productId", "product", "sku" -> sku();
            case "cartId" -> scratchCartId;
            case "orderId" -> orderId;
            case "poId" -> purchaseOrderId;
            case "category" -> param.required() ? category : null;
            case "q" -> param.required() ? "lamp" : null;
            case "Idempotency-Key" -> UUID.randomUUID().toString();
            case "X-Session-Id" -> param.required() ? "fuzz-session-" + random.nextInt(1000) : null;
            default -> param.required() ? validScalar(param.schema()) : null;
        };
    }

    private String validField(String field) {
        return switch (field) {
            case "productId" -> "\"" + sku() + "\"";
            case "quantity" -> "1";
            case "cartId" -> "\"" + checkoutCartId + "\"";
            case "email" -> "\"" + nextEmail() + "\"";
            case "reason" -> "\"changed my mind\"";
            default -> throw new IllegalStateException("the fuzzer has no valid value for body field '" + field
                    + "': teach it one (ApiFuzzer.validField)");
        };
    }

    private static String validScalar(JsonNode schema) {
        if ("integer".equals(schema.path("type").asText())) {
            return Long.toString(schema.path("minimum").asLong(1));
        }
        throw new IllegalStateException("the fuzzer has no valid value for a required parameter of schema " + schema);
    }

    private String sku() {
        return skus.get(random.nextInt(skus.size()));
    }

    private String nextEmail() {
        return "fuzz-" + seed + "-" + (emails++) + "@" + EMAIL_DOMAIN;
    }

    private Request checkoutRequest(String body) {
        Request request = new Request();
        request.method = "POST";
        request.path = "/checkout";
        request.hasBody = true;
        request.wholeBody = body.getBytes(StandardCharsets.UTF_8);
        request.headers.put("Content-Type", "application/json".getBytes(StandardCharsets.US_ASCII));
        request.headers.put("Idempotency-Key", UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
        return request;
    }

    private String validCheckoutBody() {
        return "{\"cartId\":\"" + checkoutCartId + "\",\"email\":\"" + nextEmail() + "\"}";
    }

    private String newCartWithLine() throws IOException, InterruptedException {
        Request cart = new Request();
        cart.method = "POST";
        cart.path = "/carts";
        cart.hasBody = true;
        cart.wholeBody = "{}".getBytes(StandardCharsets.US_ASCII);
        cart.headers.put("Content-Type", "application/json".getBytes(StandardCharsets.US_ASCII));
        RawHttp.Answer created = send(cart);
        expectStatus(created, 201, "a new cart");
        String cartId = JSON.readTree(created.body()).path("id").asText();
        Request line = new Request();
        line.method = "POST";
        line.path = "/carts/" + cartId + "/lines";
        line.hasBody = true;
        line.wholeBody = ("{\"productId\":\"" + sku() + "\",\"quantity\":1}").getBytes(StandardCharsets.US_ASCII);
        line.headers.put("Content-Type", "application/json".getBytes(StandardCharsets.US_ASCII));
        expectStatus(send(line), 200, "a cart line");
        return cartId;
    }

    private Request getRequest(String pathAndQuery) {
        Request request = new Request();
        request.method = "GET";
        request.path = pathAndQuery.substring("/api/v1".length());
        return request;
    }

    private RawHttp.Answer get(String pathAndQuery) throws IOException, InterruptedException {
        return send(getRequest(pathAndQuery));
    }

    /** Sends, and retries a shed answer (503/429 with Retry-After) after the time it asks, a bounded number of times. */
    private RawHttp.Answer send(Request request) throws IOException, InterruptedException {
        RawHttp.Answer answer = null;
        for (int attempt = 0; attempt <= SHED_RETRIES; attempt++) {
            requests++;
            answer = http.send(request.method, request.target(), request.headers, request.body());
            answersByStatus.merge(Integer.toString(answer.status()), 1, Integer::sum);
            String retryAfter = answer.header("retry-after");
            if ((answer.status() != 503 && answer.status() != 429) || retryAfter == null || attempt == SHED_RETRIES) {
                return answer;
            }
            // The server asked for this pause: honouring it is the protocol, capped so a run stays bounded.
            // A retried checkout keeps its Idempotency-Key: that is what makes the retry safe.
            TimeUnit.SECONDS.sleep(Math.min(5, Math.max(1, parseSeconds(retryAfter))));
        }
        return answer;
    }

    private static long parseSeconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    // ---- verdicts --------------------------------------------------------------------------------

    private void checkProblem(String what, RawHttp.Answer answer) {
        if (answer.status() < 400) {
            return;
        }
        String type = answer.header("content-type");
        if (type == null || !type.startsWith("application/problem+json")) {
            fail(what, "an error must be application/problem+json, got " + answer);
            return;
        }
        try {
            JsonNode problem = JSON.readTree(answer.body());
            if (problem.has("status") && problem.path("status").asInt() != answer.status()) {
                fail(what, "the problem's status " + problem.path("status") + " differs from the answer's " + answer.status());
            }
            if (problem.path("title").asText("").isBlank() && problem.path("detail").asText("").isBlank()) {
                fail(what, "the problem says nothing (no title, no detail): " + answer);
            }
        } catch (IOException e) {
            fail(what, "the problem body is not JSON: " + answer);
        }
    }

    private RawHttp.Answer expectOk(RawHttp.Answer answer, String what) {
        return expectStatus(answer, 200, what);
    }

    private RawHttp.Answer expectStatus(RawHttp.Answer answer, int status, String what) {
        if (answer.status() != status) {
            throw new IllegalStateException("fuzzer set-up: " + what + " answered " + answer + " (expected " + status + ")");
        }
        return answer;
    }

    private void fail(String what, String problem) {
        failures.add(what + ": " + problem);
    }

    private static boolean visibleAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
