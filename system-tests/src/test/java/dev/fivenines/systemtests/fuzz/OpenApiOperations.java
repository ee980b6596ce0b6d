package dev.fivenines.systemtests.fuzz;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The operations an OpenAPI 3.1 document declares, with their parameters and JSON body schema resolved. */
final class OpenApiOperations {
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    record Param(String name, String in, JsonNode schema, boolean required) {
    }

    /** One operation; {@code bodySchema} is null when it takes no JSON body. */
    record Operation(String method, String path, List<Param> params, JsonNode bodySchema, boolean bodyRequired,
                     Set<String> methodsOfPath) {
        String id() {
            return method + " " + path;
        }
    }

    private OpenApiOperations() {
    }

    static List<Operation> of(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Set<String> methods = new java.util.TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    methods.add(m.toUpperCase(Locale.ROOT));
                }
            });
            Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields();
            while (ops.hasNext()) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                List<Param> params = new ArrayList<>();
                for (JsonNode raw : op.getValue().path("parameters")) {
                    JsonNode p = resolve(document, raw);
                    params.add(new Param(p.path("name").asText(), p.path("in").asText(), resolve(document, p.path("schema")),
                            p.path("required").asBoolean(false) || p.path("in").asText().equals("path")));
                }
                JsonNode body = resolve(document, op.getValue().path("requestBody"));
                JsonNode schema = body.path("content").path("application/json").path("schema");
                operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), List.copyOf(params),
                        schema.isMissingNode() ? null : resolve(document, schema), body.path("required").asBoolean(false),
                        Set.copyOf(methods)));
            }
        }
        return operations;
    }

    /** Follows a local {@code $ref} ("#/components/..."), or returns the node itself. */
    static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode ref = node.path("$ref");
        if (!ref.isTextual()) {
            return node;
        }
        String pointer = ref.asText();
        if (!pointer.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are followed, not " + pointer);
        }
        JsonNode target = document.at(pointer.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("the document has no " + pointer);
        }
        return resolve(document, target);
    }
}
