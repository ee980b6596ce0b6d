package dev.fivenines.events;

/** Kafka did not answer within its deadline (broker down, unreachable, or still starting). */
public class KafkaUnavailableException extends RuntimeException {
    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
