package dev.fivenines.node.supervisor;

import dev.fivenines.web.Sockets;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessProbeTest {
    private final AtomicInteger status = new AtomicInteger(200);
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private WebServer server;
    private final ReadinessProbe probe = new ReadinessProbe(Duration.ofMillis(500));

    @BeforeEach
    void start() {
        server = WebServer.builder().port(0).connectionOptions(Sockets.options())
                .routing(r -> r.get("/observe/health/ready", (req, res) -> {
                    clientPorts.add(req.remotePeer().port());
                    res.status(Status.create(status.get())).send("{\"status\":\"whatever\"}");
                }))
                .build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void givenAnInstanceAnswering200_thenItIsReady_andProbesReuseOneConnection() {
        assertThat(probe.ready(server.port())).isTrue();
        assertThat(probe.ready(server.port())).isTrue();
        assertThat(probe.ready(server.port())).isTrue();

        assertThat(clientPorts).hasSize(3);
        assertThat(clientPorts.stream().distinct()).as("client ports of the probes").hasSize(1);
    }

    @Test
    void givenAnInstanceAnswering503_thenItIsNotReady() {
        status.set(503);

        assertThat(probe.ready(server.port())).isFalse();
    }

    @Test
    void givenNothingListening_thenItIsNotReady() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }

        assertThat(probe.ready(freePort)).isFalse();
    }
}
