package dev.fivenines.edge.learning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fivenines.base.Check;
import dev.fivenines.base.Json;
import dev.fivenines.traffic.value.OnlineLogisticRegression;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the edge's value model (the weights of its {@link OnlineLogisticRegression} and their gradient sums) across
 * restarts: a restarted edge otherwise ranks every session 0.5 until it has re-learned who buys,
 * which takes minutes of traffic, and a restart during a peak is when ranking matters most.
 *
 * <p>The weights are written to one JSON file every {@code intervalMillis} when they changed, and on
 * {@link #close()}; each write goes to a temporary file that is then moved over the old one, so a
 * crash mid-write leaves the previous snapshot. {@link #restore} reads it at start; a missing file is
 * a first start and a damaged one (unreadable, other features, non-finite weights) is logged and
 * ignored: the edge then starts untrained rather than not at all. The sessions being tracked are not
 * kept: they are minutes old at most and a restarted edge cannot tell their requests apart anyway.
 */
public final class ValueModelSnapshots implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ValueModelSnapshots.class.getName());
    /** 2: weights and their AdaGrad gradient sums, six features (1 had weights alone, five features). */
    static final int FORMAT = 2;

    private final OnlineLogisticRegression model;
    private final Path file;
    private final long intervalMillis;
    private final Clock clock;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicLong writtenAtUpdates = new AtomicLong(-1);
    private volatile Thread thread;

    public ValueModelSnapshots(OnlineLogisticRegression model, Path file, long intervalMillis, Clock clock) {
        Check.argument(model != null && file != null && clock != null, "model, file and clock must be given");
        this.model = model;
        this.file = file;
        this.intervalMillis = Check.inRange("value model snapshot interval (ms)", intervalMillis, 1, 3_600_000);
        this.clock = clock;
    }

    /**
     * Loads the last snapshot into the model, if there is a usable one.
     *
     * @return whether weights were restored
     */
    public boolean restore() {
        if (!Files.exists(file)) {
            return false;
        }
        try {
            JsonNode root = Json.mapper().readTree(file.toFile());
            Check.argument(root != null && root.path("format").asInt() == FORMAT, "unknown format %s",
                    root == null ? "none" : root.path("format"));
            double[] weights = numbers(root, "weights");
            double[] gradSquares = numbers(root, "gradSquares");
            long updates = root.path("updates").asLong(0);
            model.restore(weights, gradSquares, updates);
            writtenAtUpdates.set(updates);
            LOG.info("value model restored from " + file + " (" + updates + " updates, saved " + root.path("savedAt").asText("?") + ")");
            return true;
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "ignoring the value model snapshot " + file + "; starting untrained: " + e.getMessage());
            return false;
        }
    }

    private static double[] numbers(JsonNode root, String field) {
        JsonNode array = root.path(field);
        Check.argument(array.isArray(), "no %s array", field);
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            Check.argument(array.get(i).isNumber(), "%s %s is not a number", field, i);
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    /** Writes a snapshot now if the model learned anything since the last one; never throws. */
    public boolean saveIfChanged() {
        long updates = model.updates();
        if (updates == writtenAtUpdates.get()) {
            return false;
        }
        try {
            ObjectNode root = Json.mapper().createObjectNode();
            root.put("format", FORMAT);
            root.put("savedAt", clock.instant().toString());
            root.put("updates", updates);
            var w = root.putArray("weights");
            for (double x : model.weights()) {
                w.add(x);
            }
            var g = root.putArray("gradSquares");
            for (double x : model.gradSquares()) {
                g.add(x);
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, Json.mapper().writeValueAsBytes(root));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            writtenAtUpdates.set(updates);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not save the value model to " + file + " (kept in memory; next try in "
                    + intervalMillis + " ms): " + e);
            return false;
        }
    }

    /** Saves every interval on a daemon thread until {@link #close()}. */
    public ValueModelSnapshots start() {
        Thread t = Thread.ofPlatform().daemon().name("value-model-snapshots").unstarted(() -> {
            try {
                while (!stop.await(intervalMillis, TimeUnit.MILLISECONDS)) {
                    saveIfChanged();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        thread = t;
        t.start();
        return this;
    }

    /** Stops the loop and writes a last snapshot. */
    @Override
    public void close() {
        stop.countDown();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        saveIfChanged();
    }
}
