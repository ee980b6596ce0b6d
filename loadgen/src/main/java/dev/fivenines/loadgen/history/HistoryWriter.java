package dev.fivenines.loadgen.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fivenines.base.Json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * Writes a history as JSON lines: the header, one line per exchange, then the footer. Many session
 * threads append at once; a lock keeps lines whole. A write failure is remembered and thrown from
 * {@link #close()} with the count of lines lost, so a broken disk never yields a history that looks complete.
 */
public final class HistoryWriter implements HistorySink, AutoCloseable {
    public static final String FILE_NAME = "history.jsonl";
    private static final Logger LOG = Logger.getLogger(HistoryWriter.class.getName());

    private final ObjectMapper mapper = Json.mapper();
    private final ReentrantLock lock = new ReentrantLock();
    private final BufferedWriter out;
    private final Path file;
    private IOException failure;
    private long lost;
    private long written;
    private boolean closed;

    public HistoryWriter(Path file, HistoryHeader header) {
        this.file = file;
        try {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create history file " + file, e);
        }
        writeLine(header);
    }

    public Path file() {
        return file;
    }

    @Override
    public void append(OpRecord record) {
        writeLine(record);
    }

    public void finish(HistoryFooter footer) {
        writeLine(footer);
    }

    public long linesWritten() {
        lock.lock();
        try {
            return written;
        } finally {
            lock.unlock();
        }
    }

    private void writeLine(Object value) {
        String json;
        try {
            json = mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise history line " + value, e);
        }
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("history " + file + " is closed; a line arrived after the run ended: " + json);
            }
            if (failure != null) {
                lost++;
                return;
            }
            try {
                out.write(json);
                out.write('\n');
                written++;
            } catch (IOException e) {
                failure = e;
                lost++;
                LOG.severe("history " + file + " can no longer be written; further lines are counted as lost: " + e);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new UncheckedIOException("history " + file + " is incomplete: " + lost + " lines lost", failure);
            }
        } finally {
            lock.unlock();
        }
    }
}
