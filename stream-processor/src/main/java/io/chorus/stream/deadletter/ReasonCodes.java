package io.chorus.stream.deadletter;

/** Machine-readable reasons the job gives in {@code RejectedRecord.reasonCode}. */
public final class ReasonCodes {

    // Could not be read at all (source).
    public static final String UNKNOWN_MAGIC_BYTE = "UNKNOWN_MAGIC_BYTE";
    public static final String UNKNOWN_SCHEMA_ID = "UNKNOWN_SCHEMA_ID";
    public static final String TRUNCATED_PAYLOAD = "TRUNCATED_PAYLOAD";
    public static final String MALFORMED_PAYLOAD = "MALFORMED_PAYLOAD";
    public static final String SCHEMA_RESOLUTION = "SCHEMA_RESOLUTION";
    public static final String REGISTRY_UNAVAILABLE = "REGISTRY_UNAVAILABLE";
    public static final String UNREADABLE = "UNREADABLE";
    public static final String NULL_VALUE = "NULL_VALUE";

    // Readable, but not audio we can use (validation).
    public static final String EMPTY_CHUNK = "EMPTY_CHUNK";
    public static final String OVERSIZED_CHUNK = "OVERSIZED_CHUNK";
    public static final String PARTIAL_FRAME = "PARTIAL_FRAME";
    public static final String FRAME_COUNT_MISMATCH = "FRAME_COUNT_MISMATCH";
    public static final String NON_FINITE_SAMPLES = "NON_FINITE_SAMPLES";
    public static final String UNSUPPORTED_ENCODING = "UNSUPPORTED_ENCODING";
    public static final String UNSUPPORTED_SAMPLE_RATE = "UNSUPPORTED_SAMPLE_RATE";
    public static final String UNSUPPORTED_CHANNELS = "UNSUPPORTED_CHANNELS";
    public static final String MISSING_RECORDER_ID = "MISSING_RECORDER_ID";
    public static final String FUTURE_TIMESTAMP = "FUTURE_TIMESTAMP";

    // Readable and valid alone, but not in its stream (window assembly).
    public static final String SAMPLE_RATE_CHANGED = "SAMPLE_RATE_CHANGED";
    public static final String DUPLICATE_SEQUENCE = "DUPLICATE_SEQUENCE";
    public static final String LATE_CHUNK = "LATE_CHUNK";
    public static final String OVERLAPPING_CHUNK = "OVERLAPPING_CHUNK";

    // Windows that could not be scored.
    public static final String NO_MODEL = "NO_MODEL";
    public static final String INFERENCE_FAILED = "INFERENCE_FAILED";

    private ReasonCodes() {
    }
}
