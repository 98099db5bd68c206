package io.chorus.stream.models;

import io.chorus.model.release.ReleaseCheck;
import io.chorus.model.release.ReleaseRejectedException;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.registry.SchemaRegistryException;
import io.chorus.schemas.serde.RegistryAvroDeserializer;
import io.chorus.stream.kafka.RegistryConnection;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads {@code models} and runs {@link ReleaseCheck} right away, so only checked releases (and
 * refusals with their reason) travel on; no Avro object or unverified artifact enters the job.
 */
public class ModelReleaseDeserializer implements KafkaRecordDeserializationSchema<ReleaseInput> {

    private static final long serialVersionUID = 1L;

    private final RegistryConnection registry;
    private transient RegistryAvroDeserializer<ModelRelease> reader;

    public ModelReleaseDeserializer(RegistryConnection registry) {
        this.registry = registry;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        reader = new RegistryAvroDeserializer<>(registry.newClient(), ModelRelease.class);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ReleaseInput> out) {
        String key = record.key() == null ? "?" : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            return; // compaction tombstone: nothing to serve
        }
        ModelRelease release;
        try {
            release = reader.deserialize(record.topic(), record.value());
        } catch (SchemaRegistryException e) {
            throw e;
        } catch (RuntimeException e) {
            out.collect(ReleaseInput.rejected(key, -1, "UNREADABLE", "release at " + record.topic() + "/"
                    + record.partition() + "@" + record.offset() + " cannot be read: " + e.getMessage()));
            return;
        }
        try {
            out.collect(ReleaseInput.accepted(ServingRelease.of(ReleaseCheck.check(release))));
        } catch (ReleaseRejectedException e) {
            out.collect(ReleaseInput.rejected(release.getModelName(), release.getVersion(), e.reasonCode(), e.getMessage()));
        }
    }

    @Override
    public TypeInformation<ReleaseInput> getProducedType() {
        return TypeInformation.of(ReleaseInput.class);
    }
}
