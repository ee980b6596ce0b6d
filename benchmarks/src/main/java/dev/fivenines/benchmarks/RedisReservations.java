package dev.fivenines.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Redis baseline: a {@code redis-server} child process (Debian's package) with the append-only
 * file and {@code appendfsync always}, so a reply comes after the write is on disk, and one Lua script
 * per reservation that decrements available units only if enough are left and records the hold with
 * a 30 s expiry (what the ledger's reserve does). Redis fsyncs once per event-loop turn, so concurrent
 * clients share a flush. Speaks RESP itself over one socket per buyer: one command type does not need
 * a client library.
 */
final class RedisReservations implements AutoCloseable {
    private static final String RESERVE = """
            local left = tonumber(redis.call('GET', KEYS[1]) or '0')
            local units = tonumber(ARGV[1])
            if left < units then return 0 end
            redis.call('DECRBY', KEYS[1], units)
            redis.call('SET', 'hold:' .. ARGV[2], KEYS[1] .. ':' .. units, 'EX', 30)
            return 1
            """;

    private final Process server;
    private final int port;
    private final BlockingQueue<Connection> idle;
    private final String scriptSha;

    private RedisReservations(Process server, int port, int connections) throws IOException {
        this.server = server;
        this.port = port;
        this.idle = new ArrayBlockingQueue<>(connections);
        Connection first = connectWithin(10_000);
        this.scriptSha = first.call("SCRIPT", "LOAD", RESERVE);
        idle.add(first);
        for (int i = 1; i < connections; i++) {
            idle.add(new Connection(port));
        }
    }

    /** Starts redis-server on a free loopback port with its data in {@code dir}; empty if it is not installed. */
    static java.util.Optional<RedisReservations> start(Path dir, int connections) throws IOException {
        Path binary = Path.of("/usr/bin/redis-server");
        if (!Files.isExecutable(binary)) {
            return java.util.Optional.empty();
        }
        Files.createDirectories(dir);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                "--maxclients", Integer.toString(connections + 16))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        try {
            return java.util.Optional.of(new RedisReservations(process, port, connections));
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    long pid() {
        return server.pid();
    }

    void seed(String sku, long units) {
        withConnection(c -> c.call("SET", "stock:" + sku, Long.toString(units)));
    }

    boolean reserveOne(String sku) {
        return "1".equals(withConnection(c -> c.call("EVALSHA", scriptSha, "1", "stock:" + sku, "1", UUID.randomUUID().toString())));
    }

    private String withConnection(java.util.function.Function<Connection, String> call) {
        Connection c;
        try {
            c = idle.poll(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a Redis connection", e);
        }
        if (c == null) {
            throw new IllegalStateException("no Redis connection free within 10 s");
        }
        try {
            return call.apply(c);
        } finally {
            idle.add(c);
        }
    }

    private Connection connectWithin(long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            try {
                return new Connection(port);
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !server.isAlive()) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for redis-server", interrupted);
                }
            }
        }
    }

    @Override
    public void close() {
        idle.forEach(Connection::close);
        server.destroy();
        try {
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** One RESP connection; replies read: simple string, error, integer, bulk string. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(int port) throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            out = new BufferedOutputStream(socket.getOutputStream());
            in = new BufferedInputStream(socket.getInputStream());
        }

        String call(String... args) {
            try {
                StringBuilder command = new StringBuilder("*").append(args.length).append("\r\n");
                for (String arg : args) {
                    command.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
                }
                out.write(command.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                String line = readLine();
                return switch (line.charAt(0)) {
                    case '+', ':' -> line.substring(1);
                    case '$' -> {
                        int length = Integer.parseInt(line.substring(1));
                        if (length < 0) {
                            yield null;
                        }
                        byte[] data = in.readNBytes(length + 2);
                        yield new String(data, 0, length, StandardCharsets.UTF_8);
                    }
                    case '-' -> throw new IllegalStateException("Redis answered " + line + " to " + List.of(args).getFirst());
                    default -> throw new IllegalStateException("unexpected Redis reply " + line);
                };
            } catch (IOException e) {
                throw new UncheckedIOException("Redis call " + args[0] + " failed", e);
            }
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != '\r') {
                if (b < 0) {
                    throw new IOException("Redis closed the connection");
                }
                line.append((char) b);
            }
            in.read();
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing at the end of a benchmark: nothing is lost.
            }
        }
    }
}
