package dev.fivenines.edge.storefront;

import dev.fivenines.base.Check;
import dev.fivenines.web.EntityTag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The storefront's files, read once from the classpath into memory: each with its content type,
 * strong ETag and Cache-Control. Only the files the manifest names exist, so a request can name
 * nothing else (no path is ever joined onto a directory: traversal has nothing to reach).
 * Framework-free; {@link StorefrontRoutes} serves it.
 */
public final class StaticSite {
    /** Where the files live on the classpath; {@value #MANIFEST} there lists them, one a line. */
    public static final String ROOT = "storefront/";
    public static final String MANIFEST = "MANIFEST";
    /** Bound on what is held in memory: the whole storefront is ~100 KiB today. */
    public static final int MAX_TOTAL_BYTES = 4 * 1024 * 1024;
    public static final int MAX_FILES = 200;
    /** The HTML shell is revalidated on every load (a 304 costs a round trip, no body) so a new release shows at once. */
    public static final String SHELL_CACHE_CONTROL = "no-cache";
    /**
     * Assets keep their names across releases, so their max-age is short: a page may run five
     * minutes of old script after an upgrade, then revalidates (ETag, 304).
     */
    public static final String ASSET_CACHE_CONTROL = "public, max-age=300";

    /** One servable file. */
    public record Asset(String name, byte[] bytes, String contentType, EntityTag tag, String cacheControl) {
    }

    private final Map<String, Asset> assets;

    private StaticSite(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
    }

    /** Reads the manifest under {@value #ROOT} and every file it names; a missing file fails here, at start. */
    public static StaticSite fromClasspath(ClassLoader loader) {
        return fromClasspath(loader, ROOT);
    }

    /** The same for another site of files ({@code root} ends with '/', e.g. the console's {@code console/}). */
    public static StaticSite fromClasspath(ClassLoader loader, String root) {
        Check.argument(root.endsWith("/") && validName(root), "a site's root is a resource folder ending in '/', was %s", root);
        String manifest = new String(read(loader, root + MANIFEST), StandardCharsets.UTF_8);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String line : manifest.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            files.put(name, read(loader, root + name));
        }
        return of(files);
    }

    /** A site of exactly these files (name relative to the root, e.g. {@code index.html}, {@code assets/app.js}). */
    public static StaticSite of(Map<String, byte[]> files) {
        Check.argument(files.size() <= MAX_FILES, "the storefront may hold at most %s files, had %s", MAX_FILES, files.size());
        long total = 0;
        Map<String, Asset> assets = new LinkedHashMap<>();
        for (var e : files.entrySet()) {
            String name = e.getKey();
            Check.argument(validName(name), "storefront file names are [a-z0-9._/-] without '..' or a leading '/', was %s", name);
            total += e.getValue().length;
            String type = contentType(name).orElseThrow(() ->
                    new IllegalArgumentException("no content type known for storefront file " + name));
            String cacheControl = name.endsWith(".html") ? SHELL_CACHE_CONTROL : ASSET_CACHE_CONTROL;
            assets.put(name, new Asset(name, e.getValue().clone(), type, EntityTag.strongOf(e.getValue()), cacheControl));
        }
        Check.argument(total <= MAX_TOTAL_BYTES, "the storefront may hold at most %s bytes, had %s", MAX_TOTAL_BYTES, total);
        return new StaticSite(assets);
    }

    /** The file of that exact name, if the site has one. */
    public Optional<Asset> find(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    public List<String> names() {
        return List.copyOf(assets.keySet());
    }

    static boolean validName(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("..") || name.contains("//")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The types the storefront uses; anything else is refused when the site is built, never guessed. */
    static Optional<String> contentType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return Optional.ofNullable(switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "json" -> "application/json";
            case "webmanifest" -> "application/manifest+json";
            case "txt" -> "text/plain; charset=utf-8";
            default -> null;
        });
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("storefront resource missing from the classpath: " + resource);
            }
            return in.readNBytes(MAX_TOTAL_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read storefront resource " + resource, e);
        }
    }
}
