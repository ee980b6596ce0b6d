package dev.fivenines.loadgen.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fivenines.base.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/** Reads a history file back into a {@link History}. */
public final class HistoryReader {
    private static final Logger LOG = Logger.getLogger(HistoryReader.class.getName());
    // Hand-written and older histories may leave numeric fields out: they read as 0.
    private static final ObjectMapper MAPPER = Json.mapper().copy()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private HistoryReader() {
    }

    /** A history that cannot be read; the message names the file and line. */
    public static final class HistoryFormatException extends RuntimeException {
        public HistoryFormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Reads {@code path}, or {@code path/history.jsonl} when it is the run's output directory. */
    public static History read(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(HistoryWriter.FILE_NAME) : path;
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return parse(text, file.toString());
    }

    public static History parse(String text, String source) {
        String[] lines = text.split("\n", -1);
        HistoryHeader header = null;
        HistoryFooter footer = null;
        List<OpRecord> ops = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            boolean last = i == lines.length - 1;
            JsonNode node;
            try {
                node = MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                if (last) {
                    // A run killed mid-write leaves a torn final line; the rest of the history is still evidence.
                    LOG.warning(source + ": line " + (i + 1) + " is torn (the run was cut off mid-write) and is ignored: "
                            + abbreviate(line));
                    continue;
                }
                throw new HistoryFormatException(source + ": line " + (i + 1) + " is not JSON: " + e.getOriginalMessage(), e);
            }
            String type = node.path("type").asText("");
            if (header == null && !HistoryHeader.TYPE.equals(type)) {
                throw new HistoryFormatException(source + ": the first line must be the header, line " + (i + 1) + " is '" + type + "'", null);
            }
            try {
                switch (type) {
                    case HistoryHeader.TYPE -> {
                        if (header != null) {
                            throw new HistoryFormatException(source + ": line " + (i + 1) + " is a second header", null);
                        }
                        header = MAPPER.treeToValue(node, HistoryHeader.class);
                    }
                    case OpRecord.TYPE -> ops.add(MAPPER.treeToValue(node, OpRecord.class));
                    case HistoryFooter.TYPE -> footer = MAPPER.treeToValue(node, HistoryFooter.class);
                    default -> throw new HistoryFormatException(source + ": line " + (i + 1) + " has unknown type '" + type
                            + "' (expected header, op or end)", null);
                }
            } catch (JsonProcessingException e) {
                throw new HistoryFormatException(source + ": line " + (i + 1) + " is not a valid " + type + " line: "
                        + e.getOriginalMessage(), e);
            }
        }
        if (header == null) {
            throw new HistoryFormatException(source + ": empty history (no header line)", null);
        }
        return new History(header, ops, footer);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
