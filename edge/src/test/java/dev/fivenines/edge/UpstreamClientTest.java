package dev.fivenines.edge;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamClientTest {
    @Test
    void givenAPooledConnectionThatExpiredAsItWasReusedTheRequestCountsAsSentNotAsATimeoutOrA500() {
        // What Helidon 4.5 throws at the first read of such a connection (seen under load at the edge).
        RuntimeException stale = new RuntimeException("Exception in socket monitor thread.", new ExecutionException(
                new UncheckedIOException(new SocketTimeoutException("Read timed out"))));

        UpstreamClient.Result result = UpstreamClient.stalePooledConnection(stale);

        assertThat(result).isInstanceOf(UpstreamClient.FailedAfterSending.class);
        assertThat(((UpstreamClient.FailedAfterSending) result).cause()).hasRootCauseInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void givenOnlyARefusedOrTimedOutConnectTheRequestWasNeverSent() {
        Duration deadline = Duration.ofSeconds(1);
        assertThat(UpstreamClient.classify(new ConnectException("refused"), deadline)).isInstanceOf(UpstreamClient.CouldNotConnect.class);
        assertThat(UpstreamClient.classify(new SocketTimeoutException("Connect timed out"), deadline))
                .isInstanceOf(UpstreamClient.CouldNotConnect.class);
        assertThat(UpstreamClient.classify(new SocketTimeoutException("Read timed out"), deadline)).isInstanceOf(UpstreamClient.TimedOut.class);
        assertThat(UpstreamClient.classify(new IOException("reset"), deadline)).isInstanceOf(UpstreamClient.FailedAfterSending.class);
    }
}
