package io.chorus.schemas.serde;

import io.chorus.schemas.registry.RegistryClientConfig;
import io.chorus.schemas.registry.SchemaNotFoundException;
import io.chorus.schemas.registry.SchemaRegistryClient;
import io.chorus.schemas.registry.SchemaRegistryException;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer reading the Confluent wire format. The writer's schema comes from the
 * registry by the id in the header (cached); the reader's schema is that of the generated class
 * given, so a reader compiled against an older schema reads newer data (Avro schema resolution).
 * Without a class, records are read as {@link org.apache.avro.generic.GenericRecord}s in the
 * writer's schema.
 *
 * <p>Every failure is a distinct type naming the topic and schema id: {@link TruncatedPayloadException},
 * {@link UnknownMagicByteException}, {@link UnknownSchemaIdException}, {@link SchemaResolutionException},
 * {@link MalformedPayloadException}, and the registry client's own exceptions (unreachable,
 * 5xx) with the topic added.
 */
public class RegistryAvroDeserializer<T> implements Deserializer<T> {

    private SchemaRegistryClient client;
    private Class<?> readerClass;
    private Schema readerSchema;
    private final Map<Integer, DatumReader<Object>> readersById = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public RegistryAvroDeserializer() {
        AvroTrust.trustChorusRecords();
    }

    /**
     * @param readerClass generated record class to read into, or null for GenericRecords
     */
    public RegistryAvroDeserializer(SchemaRegistryClient client, Class<T> readerClass) {
        this();
        this.client = client;
        setReaderClass(readerClass);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client == null) {
            client = new SchemaRegistryClient(RegistryClientConfig.fromProperties(configs));
        }
        if (readerClass == null && RegistrySerdeConfig.bool(configs, RegistrySerdeConfig.SPECIFIC_AVRO_READER, true)) {
            Object type = configs.get(isKey ? RegistrySerdeConfig.SPECIFIC_AVRO_KEY_TYPE : RegistrySerdeConfig.SPECIFIC_AVRO_VALUE_TYPE);
            if (type instanceof Class<?> c) {
                setReaderClass(c);
            } else if (type != null) {
                try {
                    setReaderClass(Class.forName(type.toString().trim(), true, Thread.currentThread().getContextClassLoader()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalArgumentException((isKey ? RegistrySerdeConfig.SPECIFIC_AVRO_KEY_TYPE
                            : RegistrySerdeConfig.SPECIFIC_AVRO_VALUE_TYPE) + ": class " + type + " not found", e);
                }
            }
        }
    }

    private void setReaderClass(Class<?> cls) {
        if (cls == null) {
            return;
        }
        if (!SpecificRecord.class.isAssignableFrom(cls)) {
            throw new IllegalArgumentException(cls.getName() + " is not an Avro SpecificRecord");
        }
        this.readerClass = cls;
        this.readerSchema = SpecificData.getForClass(cls).getSchema(cls);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null; // tombstone
        }
        if (client == null) {
            throw new IllegalStateException("RegistryAvroDeserializer used before configure(): no schema registry client");
        }
        try {
            return read(topic, data);
        } catch (RuntimeException e) {
            throw SerdeMetrics.count(topic, "read", e);
        }
    }

    @SuppressWarnings("unchecked")
    private T read(String topic, byte[] data) {
        int id = WireFormat.readSchemaId(topic, data);
        DatumReader<Object> reader = readersById.computeIfAbsent(id, i -> readerFor(topic, i));
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH,
                data.length - WireFormat.HEADER_LENGTH, null);
        try {
            return (T) reader.read(null, decoder);
        } catch (EOFException e) {
            throw new TruncatedPayloadException("topic " + topic + ", schema id " + id + ": record of " + data.length
                    + " bytes ends before the Avro body is complete", e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException
                 | ClassCastException e) {
            throw new MalformedPayloadException("topic " + topic + ", schema id " + id + ": Avro body does not decode with "
                    + "its writer schema: " + e, e);
        }
    }

    private DatumReader<Object> readerFor(String topic, int id) {
        Schema writer;
        try {
            writer = client.getById(id);
        } catch (SchemaNotFoundException e) {
            throw new UnknownSchemaIdException("topic " + topic + ": schema id " + id + " is not in the registry at "
                    + client.config().urls() + " (" + e.getMessage() + ")", id, e);
        } catch (SchemaRegistryException e) {
            throw e.addContext("reading schema id " + id + " for topic " + topic);
        }
        if (readerSchema == null) {
            return new GenericDatumReader<>(writer, writer, GenericData.get());
        }
        SchemaCompatibility.SchemaPairCompatibility pair =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
        if (pair.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SchemaResolutionException("topic " + topic + ": data written with schema id " + id + " ("
                    + writer.getFullName() + ") cannot be read as " + readerSchema.getFullName() + ": "
                    + pair.getResult().getIncompatibilities().stream()
                            .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                            .reduce((a, b) -> a + "; " + b).orElse(pair.getDescription()));
        }
        return new SpecificDatumReader<>(writer, readerSchema, SpecificData.getForClass(readerClass));
    }

    public SchemaRegistryClient client() {
        return client;
    }
}
