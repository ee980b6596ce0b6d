package dev.fivenines.commerce.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fivenines.web.ApiRoutes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The route templates of the API, read from the OpenAPI document ({@code /api/v1/carts/{cartId}/lines}
 * ...). OpenApiContractTest holds the document and the served routes of every role to the same set,
 * so this is the one table a process can name requests by, including the edge, which serves none of
 * them itself but forwards them all.
 */
public final class DocumentedRoutes {
    private DocumentedRoutes() {
    }

    /** Absolute path templates ({@link ApiRoutes#PREFIX} included), in document order. */
    public static List<String> templates() {
        JsonNode paths;
        try {
            paths = new YAMLMapper().readTree(OpenApiDocument.load()).path("paths");
        } catch (IOException e) {
            throw new UncheckedIOException("could not parse " + OpenApiDocument.RESOURCE, e);
        }
        List<String> templates = new ArrayList<>();
        for (Iterator<String> names = paths.fieldNames(); names.hasNext(); ) {
            templates.add(ApiRoutes.PREFIX + names.next());
        }
        if (templates.isEmpty()) {
            throw new IllegalStateException(OpenApiDocument.RESOURCE + " documents no paths");
        }
        return List.copyOf(templates);
    }
}
