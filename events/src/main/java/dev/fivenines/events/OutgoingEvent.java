package dev.fivenines.events;

import dev.fivenines.base.Check;

import java.util.Objects;

/**
 * An event a service wants published. It is written to the outbox inside the same SQL transaction
 * as the state change it describes, and published to Kafka only after that commits.
 *
 * @param topic         one of {@link Topics}
 * @param key           Kafka key: events with the same key keep their order (use the order id)
 * @param type          CloudEvents type, one of {@link EventTypes}
 * @param subject       CloudEvents subject: the entity the event is about
 * @param schemaVersion version of the payload's schema, bumped on incompatible change
 * @param payload       serialised to JSON with {@link dev.fivenines.base.Json}
 */
public record OutgoingEvent(String topic, String key, String type, String subject, int schemaVersion, Object payload) {
    public OutgoingEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Check.argument(schemaVersion >= 1, "schemaVersion must be >= 1, was %s", schemaVersion);
    }
}
