package dev.fivenines.commerce.http;

import dev.fivenines.web.ApiRoutes;
import dev.fivenines.web.ApiService;
import dev.fivenines.web.Caching;
import dev.fivenines.web.EntityTag;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * {@code GET /openapi.yaml}: the OpenAPI 3.1 document of the shop's API (classpath {@value #RESOURCE}),
 * with a strong ETag of its bytes.
 */
public final class OpenApiDocument implements ApiService {
    public static final String RESOURCE = "openapi/openapi.yaml";
    public static final String CONTENT_TYPE = "application/yaml";

    /** The document changes only with a deploy; an hour keeps clients from asking on every page. */
    static final Duration MAX_AGE = Duration.ofHours(1);

    private final byte[] document;
    private final EntityTag tag;

    public OpenApiDocument() {
        this.document = load();
        this.tag = EntityTag.strongOf(document);
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
        Caching.answerBytes(req, res, tag, Caching.publicFor(MAX_AGE), CONTENT_TYPE, document);
    }
}
