package io.chorus.stream.kafka;

import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.TopicSpec;
import io.chorus.schemas.topics.Topics;
import io.chorus.stream.chunks.AudioChunkDeserializer;
import io.chorus.stream.chunks.ChunkInput;
import io.chorus.stream.deadletter.Rejection;
import io.chorus.stream.detections.DetectionRecords;
import io.chorus.stream.job.DetectionJob;
import io.chorus.stream.models.ModelReleaseDeserializer;
import io.chorus.stream.models.ReleaseInput;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The detection job's Kafka sources and sinks, from the same client settings every Chorus
 * component uses. Outputs are transactional (EXACTLY_ONCE): a {@code read_committed} consumer
 * sees them when the checkpoint that covers them completes.
 *
 * @param transactionalIdPrefix unique per job deployment: two jobs sharing it fence each other
 */
public record KafkaEndpoints(KafkaClientSettings settings, String consumerGroup, String transactionalIdPrefix) {

    /** Brokers cap transactions at transaction.max.timeout.ms (15 min by default); stay below. */
    static final String TRANSACTION_TIMEOUT_MS = "600000";

    /**
     * Audio read per partition per fetch: 128 KiB, ~3 chunks of 22,050 Hz 16-bit audio, instead of
     * the consumer's 1 MiB. With a backlog (after a start) the job processed 406–411 windows/s at 400
     * recorders against 385–391 with 1 MiB, and fewer partitions were left behind
     * (docs/BENCHMARKS.md §3b). A larger first record batch is still returned whole, so big chunks
     * (up to the topic's 4 MiB) still make progress.
     */
    static final int AUDIO_FETCH_BYTES_PER_PARTITION = 128 * 1024;

    public DetectionJob.Sources sources() {
        RegistryConnection registry = new RegistryConnection(settings.registryProperties());
        KafkaSource<ChunkInput> chunks = KafkaSource.<ChunkInput>builder()
                .setProperties(properties(settings.consumer(consumerGroup, Topics.AUDIO_CHUNKS)))
                .setTopics(Topics.AUDIO_CHUNKS.name())
                .setGroupId(consumerGroup)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new AudioChunkDeserializer(registry))
                .setProperty("max.partition.fetch.bytes", String.valueOf(AUDIO_FETCH_BYTES_PER_PARTITION))
                .build();
        // Every start without a checkpoint reads the whole (compacted) history: the newest good release wins.
        KafkaSource<ReleaseInput> models = KafkaSource.<ReleaseInput>builder()
                .setProperties(properties(settings.consumer(consumerGroup + "-models", Topics.MODELS)))
                .setTopics(Topics.MODELS.name())
                .setGroupId(consumerGroup + "-models")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new ModelReleaseDeserializer(registry))
                .build();
        return new DetectionJob.Sources(chunks, models);
    }

    public DetectionJob.Sinks sinks() {
        return new DetectionJob.Sinks(
                sink(Topics.DETECTIONS, DetectionRecords::detection, s -> s.window.recorderId, "detections"),
                sink(Topics.ALERTS, DetectionRecords::alert, a -> a.siteId + "/" + a.speciesCode, "alerts"),
                sink(Topics.REVIEW_REQUESTS, DetectionRecords::reviewRequest, r -> r.requestId, "review"),
                sink(Topics.AUDIO_CHUNKS_DLQ, Rejection::toAvro, r -> r.recorderId, "dlq"));
    }

    private <T> KafkaSink<T> sink(TopicSpec<String, ? extends SpecificRecord> topic,
                                  SerializableFunction<T, ? extends SpecificRecord> toAvro,
                                  SerializableFunction<T, String> key, String name) {
        Properties p = properties(settings.producer(transactionalIdPrefix + "-" + name, topic));
        p.remove("client.id"); // Flink names its producers per subtask
        p.setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(p)
                .setBootstrapServers(settings.bootstrapServers())
                .setRecordSerializer(new RegistryRecordSerializer<>(topic.name(),
                        new RegistryConnection(settings.registryProperties()), toAvro, key))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix + "-" + name)
                .build();
    }

    private static Properties properties(Map<String, Object> map) {
        Properties p = new Properties();
        map.forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
        return p;
    }
}
