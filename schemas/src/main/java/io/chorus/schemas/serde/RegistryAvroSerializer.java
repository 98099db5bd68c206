package io.chorus.schemas.serde;

import io.chorus.schemas.registry.RegistryClientConfig;
import io.chorus.schemas.registry.SchemaRegistryClient;
import io.chorus.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer writing Avro records in the Confluent wire format, with the schema registered
 * under {@code <topic>-value} (or {@code -key}): the topic-name strategy.
 *
 * <p>Created directly ({@code new RegistryAvroSerializer<>(client)}) or by Kafka from configs
 * ({@code schema.registry.url}, {@code auto.register.schemas}, auth and TLS settings).
 */
public class RegistryAvroSerializer<T extends GenericContainer> implements Serializer<T> {

    private SchemaRegistryClient client;
    private boolean autoRegister = true;
    private boolean isKey;
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public RegistryAvroSerializer() {
        AvroTrust.trustChorusRecords();
    }

    /** Value serializer that registers schemas on first use. */
    public RegistryAvroSerializer(SchemaRegistryClient client) {
        this(client, true, false);
    }

    public RegistryAvroSerializer(SchemaRegistryClient client, boolean autoRegister, boolean isKey) {
        this();
        this.client = client;
        this.autoRegister = autoRegister;
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        this.autoRegister = RegistrySerdeConfig.bool(configs, RegistrySerdeConfig.AUTO_REGISTER_SCHEMAS, true);
        if (client == null) {
            client = new SchemaRegistryClient(RegistryClientConfig.fromProperties(configs));
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null; // tombstone
        }
        if (client == null) {
            throw new IllegalStateException("RegistryAvroSerializer used before configure(): no schema registry client");
        }
        try {
            return write(topic, data);
        } catch (RuntimeException e) {
            throw SerdeMetrics.count(topic, "write", e);
        }
    }

    private byte[] write(String topic, T data) {
        Schema schema = data.getSchema();
        String subject = topic + (isKey ? "-key" : "-value");
        int id;
        try {
            // The client caches per subject and schema: one HTTP call per (topic, schema), none after.
            id = autoRegister ? client.register(subject, schema) : client.lookupId(subject, schema);
        } catch (SchemaRegistryException e) {
            throw e.addContext("writing " + schema.getFullName() + " to topic " + topic + " (subject " + subject + ")");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        byte[] header = new byte[WireFormat.HEADER_LENGTH];
        WireFormat.writeHeader(header, id);
        out.writeBytes(header);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writers.computeIfAbsent(schema, s -> writerFor(data, s)).write(data, encoder);
            encoder.flush();
        } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
            throw new SerializationException("topic " + topic + ": cannot write " + schema.getFullName()
                    + " with schema id " + id + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static DatumWriter<Object> writerFor(GenericContainer data, Schema schema) {
        if (data instanceof SpecificRecord) {
            // The generated class's own model carries its logical-type conversions (Instant, ...).
            return new SpecificDatumWriter<>(schema, SpecificData.getForClass(data.getClass()));
        }
        return new GenericDatumWriter<>(schema, GenericData.get());
    }

    /** The registry client in use (shared with a deserializer, say). */
    public SchemaRegistryClient client() {
        return client;
    }
}
