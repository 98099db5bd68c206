package io.chorus.schemas.serde;

/** Serde property names; the same as Confluent's serializers use, so existing configs carry over. */
public final class RegistrySerdeConfig {

    /** Register the record's schema on first use (default true); otherwise it must already be there. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Read into generated classes (default true) or into GenericRecords. */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** Generated class to read values into; its schema is the reader schema. */
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
    /** Generated class to read keys into. */
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";

    private RegistrySerdeConfig() {
    }

    static boolean bool(java.util.Map<String, ?> configs, String key, boolean def) {
        Object v = configs.get(key);
        return v == null ? def : Boolean.parseBoolean(v.toString().trim());
    }
}
