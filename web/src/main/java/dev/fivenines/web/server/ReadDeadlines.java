package dev.fivenines.web.server;

import dev.fivenines.base.Check;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deadlines on reading a request, which the server itself does not have (a client that sent a
 * request line and then dribbled headers kept its connection, and its thread, for minutes). Once a
 * request line has arrived its headers must be complete within {@code headersDeadline}; once
 * headers announce a body, that body must be read (or the response begun) within
 * {@code bodyDeadline}. A connection that misses either is closed. Waiting for the next request on
 * a kept-alive connection is idleness, which the server's idle timeout bounds.
 *
 * <p>Fed by the HTTP/1 connection's receive events ({@link #receiver()}: request line, headers),
 * {@link #bodyRead} from the request's handler and {@link #responding} as its response goes out. A
 * body the handler left unread keeps its deadline while the server drains it. A response that says
 * {@code Connection: close} is held to it: the server itself would go on reading what follows as a
 * next request, so the connection is closed at the next request line (or the deadline).
 *
 * <p>The sweeper runs only while some connection is watched: every {@link #SWEEP_PERIOD} from the first
 * watch until a sweep finds none left. An idle server (the readiness probes' few requests a second)
 * used to wake it ten times a second for nothing in every JVM (decision 044).
 */
final class ReadDeadlines implements HttpFeature {
    private static final Logger LOG = Logger.getLogger(ReadDeadlines.class.getName());
    static final Duration SWEEP_PERIOD = Duration.ofMillis(100);

    /** {@code closing}: the response said Connection: close, so nothing more is to be read. */
    private record Watch(ConnectionContext connection, long deadlineNanos, String waitingFor, boolean closing) {
    }

    private final long headersDeadlineNanos;
    private final long bodyDeadlineNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final AtomicLong closed = new AtomicLong();
    /** A sweep is scheduled (or running and will decide whether to schedule the next). */
    private final AtomicBoolean armed = new AtomicBoolean();
    private volatile ScheduledExecutorService sweeper;

    ReadDeadlines(Duration headersDeadline, Duration bodyDeadline, LongSupplier nanoTime) {
        Check.argument(headersDeadline.isPositive(), "headersDeadline must be positive, was %s", headersDeadline);
        Check.argument(bodyDeadline.isPositive(), "bodyDeadline must be positive, was %s", bodyDeadline);
        this.headersDeadlineNanos = headersDeadline.toNanos();
        this.bodyDeadlineNanos = bodyDeadline.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        // Routes nothing: a feature only to start and stop with the server.
    }

    @Override
    public synchronized void beforeStart() {
        if (sweeper == null) {
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "read-deadlines");
                t.setDaemon(true);
                return t;
            });
            arm();
        }
    }

    @Override
    public synchronized void afterStop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
        watches.clear();
    }

    /** Schedules a sweep in {@link #SWEEP_PERIOD} if one is due: something is watched and none is scheduled. */
    private void arm() {
        if (watches.isEmpty() || !armed.compareAndSet(false, true)) {
            return;
        }
        ScheduledExecutorService s = sweeper;
        try {
            if (s == null) {
                armed.set(false); // not started, or stopped: beforeStart arms it
                return;
            }
            s.schedule(this::sweepAndRearm, SWEEP_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            armed.set(false); // stopped meanwhile: nothing is left to watch
        }
    }

    private void sweepAndRearm() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sweeping read deadlines failed; trying again in " + SWEEP_PERIOD, e);
        } finally {
            // Disarm before looking: a watch added after this line arms a sweep itself; one added
            // before it is seen by arm() here. Either way no watch is left without a sweep.
            armed.set(false);
            arm();
        }
    }

    /** Whether a sweep is scheduled or running: only while some connection is watched. */
    boolean sweepScheduled() {
        return armed.get();
    }

    /** Receive events: the request line starts the headers deadline, complete headers the body's (or end it). */
    Http1ConnectionListener receiver() {
        return new Http1ConnectionListener() {
            @Override
            public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
                Watch previous = watches.get(key(ctx.socketId(), ctx.childSocketId()));
                if (previous != null && previous.closing()) {
                    close(key(ctx.socketId(), ctx.childSocketId()), previous, "a request after Connection: close");
                    return;
                }
                watch(ctx, headersDeadlineNanos, "headers");
            }

            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                if (announcesBody(headers)) {
                    watch(ctx, bodyDeadlineNanos, "body");
                } else {
                    watches.remove(key(ctx.socketId(), ctx.childSocketId()));
                }
            }
        };
    }

    /** Throws nothing: a listener that throws turns the server's own 400 (say, for two Content-Lengths) into a 500. */
    private static boolean announcesBody(Headers headers) {
        if (headers.contains(HeaderNames.TRANSFER_ENCODING)) {
            return true;
        }
        try {
            return headers.contentLength().orElse(0) > 0;
        } catch (RuntimeException e) {
            return true; // malformed: the server refuses the request next, and the deadline ends it if it does not
        }
    }

    /** The handler of the request on this connection has read its body to the end. */
    void bodyRead(String serverSocketId, String socketId) {
        watches.remove(key(serverSocketId, socketId));
    }

    /**
     * The response to the request on this connection is about to be sent. {@code closing}: it says
     * Connection: close. {@code bodyUnread}: part of the request's body was never read.
     */
    void responding(String serverSocketId, String socketId, boolean closing, boolean bodyUnread) {
        String key = key(serverSocketId, socketId);
        if (closing) {
            watches.computeIfPresent(key, (k, w) -> new Watch(w.connection(), w.deadlineNanos(), w.waitingFor(), true));
        } else if (!bodyUnread) {
            watches.remove(key);
        }
    }

    /** Connections closed for missing a deadline (or reading on after Connection: close), since start. */
    long closedConnections() {
        return closed.get();
    }

    private void watch(ConnectionContext ctx, long deadlineNanos, String waitingFor) {
        watches.put(key(ctx.socketId(), ctx.childSocketId()),
                new Watch(ctx, nanoTime.getAsLong() + deadlineNanos, waitingFor, false));
        arm();
    }

    void sweep() {
        long now = nanoTime.getAsLong();
        for (Map.Entry<String, Watch> entry : watches.entrySet()) {
            Watch watch = entry.getValue();
            if (now - watch.deadlineNanos() >= 0) {
                close(entry.getKey(), watch, "the request's " + watch.waitingFor() + " not arriving in time");
            }
        }
    }

    private void close(String key, Watch watch, String reason) {
        if (!watches.remove(key, watch)) {
            return; // moved on meanwhile
        }
        closed.incrementAndGet();
        try {
            LOG.info(() -> "closing the connection from " + watch.connection().remotePeer().address() + " for " + reason);
            watch.connection().serverSocket().close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "connection " + key + " was already gone when it was to be closed", e);
        }
    }

    private static String key(String serverSocketId, String socketId) {
        return serverSocketId + " " + socketId;
    }
}
