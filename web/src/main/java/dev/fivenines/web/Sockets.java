package dev.fivenines.web;

import io.helidon.common.socket.SocketOptions;

/**
 * The TCP options of every HTTP server and Helidon client in fivenines, in one place. TCP_NODELAY is
 * on: Helidon 4 leaves it off, and Nagle's algorithm meeting the peer's delayed ACK held every request
 * after the first on a kept-alive connection for about 40 ms, CPU or not (docs/decisions/018).
 */
public final class Sockets {
    private static final SocketOptions OPTIONS = SocketOptions.builder().tcpNoDelay(true).build();

    private Sockets() {
    }

    public static SocketOptions options() {
        return OPTIONS;
    }
}
