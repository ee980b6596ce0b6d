package dev.fivenines.base;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

class PooledConnectionsTest {
    @Test
    void givenHelidonsExpiredIdleWatch_itIsAConnectionExpiredAsItWasReused_notARequestTimeout() {
        RuntimeException expired = new RuntimeException("Exception in socket monitor thread.", new ExecutionException(
                new UncheckedIOException(new SocketTimeoutException("Read timed out"))));

        assertThat(PooledConnections.expiredWhileReused(expired)).isTrue();
        assertThat(PooledConnections.expiredWhileReused(new UncheckedIOException(new SocketTimeoutException("Read timed out"))))
                .as("a request that timed out").isFalse();
        assertThat(PooledConnections.expiredWhileReused(new IllegalStateException("other"))).isFalse();
    }
}
