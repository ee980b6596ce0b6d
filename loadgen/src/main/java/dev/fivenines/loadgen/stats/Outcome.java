package dev.fivenines.loadgen.stats;

/**
 * What came of one operation, in classes a person reads a report by. Business answers (sold out,
 * declined, not found) are not errors: the shop did its job. The rest are.
 */
public enum Outcome {
    OK(false),
    /** 409 with problem type /problems/out-of-stock. */
    OUT_OF_STOCK(false),
    /** 402: the payment was declined. */
    DECLINED(false),
    /** 404. */
    NOT_FOUND(false),
    /** 503: shed or unavailable (usually with Retry-After). */
    SHED(true),
    /** 429: over a quota. */
    THROTTLED(true),
    /** Any other 4xx: the generator sent something the shop rejected. */
    CLIENT_ERROR(true),
    /** Any other 5xx. */
    SERVER_ERROR(true),
    /** No complete answer within the request timeout. */
    TIMEOUT(true),
    /** Connection refused or reset, or another transport failure. */
    IO_ERROR(true),
    /** A 2xx whose body could not be understood (not JSON, missing fields, too large). */
    BAD_RESPONSE(true),
    /** Cut off because the run was stopping; the request may or may not have taken effect. */
    ABANDONED(true);

    private final boolean error;

    Outcome(boolean error) {
        this.error = error;
    }

    public boolean isError() {
        return error;
    }

    /** Lower-case name used in reports and history ("out_of_stock"). */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Outcome fromKey(String key) {
        return valueOf(key.toUpperCase(java.util.Locale.ROOT));
    }

    /** Classifies a completed HTTP exchange. */
    public static Outcome of(int status, String problemType) {
        if (status >= 200 && status < 300) {
            return OK;
        }
        return switch (status) {
            case 402 -> DECLINED;
            case 404 -> NOT_FOUND;
            case 409 -> problemType != null && problemType.endsWith("/out-of-stock") ? OUT_OF_STOCK : CLIENT_ERROR;
            case 429 -> THROTTLED;
            case 503 -> SHED;
            default -> status >= 500 ? SERVER_ERROR : CLIENT_ERROR;
        };
    }
}
