package dev.fivenines.events;

/**
 * The event can never be handled (unparseable, unknown schema version, impossible state). The
 * consumer parks it in the dead-letter topic at once, with this message as the reason, instead of
 * retrying.
 */
public class PoisonEventException extends RuntimeException {
    public PoisonEventException(String message) {
        super(message);
    }

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
