package io.chorus.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate record classes outside trusted packages unless a system
 * property lists them. Rather than make every JVM (tests, Flink task managers, CLIs) remember the
 * flag, the serdes trust Chorus's generated records here, once, on first use.
 */
public final class AvroTrust {

    static final String CHORUS_RECORDS = "io.chorus.schemas.avro.";
    private static volatile boolean installed;

    private AvroTrust() {
    }

    /** Adds Chorus's generated records to Avro's global trusted classes; idempotent. */
    public static synchronized void trustChorusRecords() {
        if (installed) {
            return;
        }
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
                cls -> cls.getName().startsWith(CHORUS_RECORDS)));
        installed = true;
    }
}
