package dev.fivenines.events;

/**
 * Kafka header names of the event envelope (CloudEvents Kafka protocol binding, binary mode: the
 * attributes travel as {@code ce_}-prefixed headers and the record value is the JSON payload), of
 * W3C trace context, and of the dead-letter annotations. All values are UTF-8 strings.
 */
public final class EventHeaders {
    public static final String ID = "ce_id";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    /** Extension attribute: version of the payload schema for {@code ce_type}. */
    public static final String SCHEMA_VERSION = "ce_schemaversion";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String JSON = "application/json";

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    /** Why the consumer parked the record (exception class and message, or the parse error). */
    public static final String DLQ_REASON = "dlq_reason";
    /** The consumer (group) that parked it. */
    public static final String DLQ_CONSUMER = "dlq_consumer";
    /** How many times the handler was tried (0 when the record could not even be parsed). */
    public static final String DLQ_ATTEMPTS = "dlq_attempts";
    /** Where the record was read: {@code topic-partition@offset}. */
    public static final String DLQ_ORIGIN = "dlq_origin";

    private EventHeaders() {
    }
}
