package dev.fivenines.commerce.recommendation;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedBodySubscriberTest {
    private static final class RecordingSubscription implements Flow.Subscription {
        boolean cancelled;

        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givenABodyWithinTheLimit_whenItArrivesInChunks_thenItIsCollectedWhole() {
        var subscriber = new BoundedBodySubscriber(10);
        subscriber.onSubscribe(new RecordingSubscription());

        subscriber.onNext(List.of(bytes("hello"), bytes(" ")));
        subscriber.onNext(List.of(bytes("body")));
        subscriber.onComplete();

        assertThat(new String(subscriber.getBody().toCompletableFuture().join(), StandardCharsets.UTF_8)).isEqualTo("hello body");
    }

    @Test
    void givenABodyBeyondTheLimit_whenItArrives_thenTheStreamIsCancelledAndTheBodyFails() {
        var subscriber = new BoundedBodySubscriber(10);
        var subscription = new RecordingSubscription();
        subscriber.onSubscribe(subscription);

        subscriber.onNext(List.of(bytes("hello")));
        subscriber.onNext(List.of(bytes(" world")));
        subscriber.onComplete();

        assertThat(subscription.cancelled).isTrue();
        assertThatThrownBy(() -> subscriber.getBody().toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(IOException.class).hasMessageContaining("exceeds 10 bytes");
    }
}
