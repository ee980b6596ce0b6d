package dev.fivenines.base.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fivenines.base.ConfigException;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML (one document or several, separated by {@code ---}) into JSON trees that remember the
 * line of every key and value, so a validator can say "file:12: spec.objectives[0].target ...".
 * Paths are written {@code a.b[0].c}; the root is the empty path.
 */
public final class LocatedYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Bounds a hostile file: a policy or SLO file is hand-written and small. */
    public static final int MAX_CHARS = 1_000_000;

    /** One document: its tree and the line (from 1) of each path in it. */
    public record Document(JsonNode root, Map<String, Integer> lines, String source) {
        /** The line of {@code path}, else of its nearest ancestor that has one, else 1. */
        public int line(String path) {
            String p = path;
            while (true) {
                Integer line = lines.get(p);
                if (line != null) {
                    return line;
                }
                if (p.isEmpty()) {
                    return 1;
                }
                int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
                p = cut < 0 ? "" : p.substring(0, cut);
            }
        }

        /** "source:line: path message", the shape every loader's errors take. */
        public ConfigException error(String path, String message) {
            return new ConfigException(source + ":" + line(path) + ": " + (path.isEmpty() ? "" : path + " ") + message);
        }
    }

    private LocatedYaml() {
    }

    /** Every document of {@code text}; {@code source} (a file name) starts every error. */
    public static List<Document> read(String text, String source) {
        if (text.length() > MAX_CHARS) {
            throw new ConfigException(source + ": larger than " + MAX_CHARS + " characters");
        }
        List<JsonNode> roots = new ArrayList<>();
        List<Map<String, Integer>> lines = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            parser.setCodec(YAML);
            // Pass 1: the trees. Pass 2 (below): the lines, from the same token stream.
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                roots.add(it.next());
            }
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(source + ": not valid YAML: " + message(e), e);
        }
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            Deque<Frame> frames = new ArrayDeque<>();
            Map<String, Integer> current = null;
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                int line = parser.currentTokenLocation().getLineNr();
                if (frames.isEmpty() && t != JsonToken.FIELD_NAME) {
                    current = new HashMap<>();
                    lines.add(current);
                }
                switch (t) {
                    case START_OBJECT, START_ARRAY -> {
                        String path = valuePath(frames);
                        current.putIfAbsent(path, line);
                        frames.push(new Frame(path, t == JsonToken.START_ARRAY));
                    }
                    case END_OBJECT, END_ARRAY -> {
                        frames.pop();
                        advance(frames);
                    }
                    case FIELD_NAME -> {
                        Frame top = frames.peek();
                        top.field = parser.currentName();
                        current.put(join(top.path, top.field), line);
                    }
                    default -> {
                        current.putIfAbsent(valuePath(frames), line);
                        advance(frames);
                    }
                }
            }
        } catch (IOException e) {
            throw new ConfigException(source + ": not valid YAML: " + message(e), e);
        }
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            documents.add(new Document(roots.get(i), i < lines.size() ? Map.copyOf(lines.get(i)) : Map.of(), source));
        }
        return documents;
    }

    private static final class Frame {
        final String path;
        final boolean array;
        int index;
        String field;

        Frame(String path, boolean array) {
            this.path = path;
            this.array = array;
        }
    }

    private static String valuePath(Deque<Frame> frames) {
        Frame top = frames.peek();
        if (top == null) {
            return "";
        }
        return top.array ? top.path + "[" + top.index + "]" : join(top.path, top.field);
    }

    private static void advance(Deque<Frame> frames) {
        Frame top = frames.peek();
        if (top != null && top.array) {
            top.index++;
        }
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String message(Exception e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                + " (line " + (j.getLocation() == null ? "?" : j.getLocation().getLineNr()) + ")" : String.valueOf(e.getMessage());
    }
}
