package dev.fivenines.commerce.http;

import dev.fivenines.web.ApiRoutes;
import dev.fivenines.web.ApiService;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /openapi.yaml}: the OpenAPI 3.1 document of the shop's API (classpath {@value #RESOURCE}). */
public final class OpenApiDocument implements ApiService {
    public static final String RESOURCE = "openapi/openapi.yaml";
    public static final String CONTENT_TYPE = "application/yaml";

    private final byte[] document;

    public OpenApiDocument() {
        this.document = load();
    }

    public static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + RESOURCE + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/openapi.yaml", this::serve);
    }

    private void serve(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        res.send(document);
    }
}
