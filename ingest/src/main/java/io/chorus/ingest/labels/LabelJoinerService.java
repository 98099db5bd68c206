package io.chorus.ingest.labels;

import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.TopicSpec;
import io.chorus.schemas.topics.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * Runs the {@link LabelJoiner} topology with exactly_once_v2 against a cluster, values through the
 * Schema Registry. Output becomes visible to read_committed consumers at each commit.
 */
public final class LabelJoinerService implements AutoCloseable {

    public static final String APPLICATION_ID = "chorus-label-joiner";

    private final KafkaStreams streams;

    public LabelJoinerService(KafkaClientSettings settings, String applicationId, Path stateDir, List<String> labelSpace,
                              long commitIntervalMillis) {
        StreamsBuilder builder = new StreamsBuilder();
        LabelJoiner.build(builder, new LabelJoiner.TopicSerdes(serde(settings, Topics.REVIEW_REQUESTS),
                serde(settings, Topics.ANNOTATIONS), serde(settings, Topics.LABELED_CLIPS),
                serde(settings, Topics.ANNOTATIONS_REJECTED)), labelSpace);
        Properties p = new Properties();
        p.putAll(settings.streams(applicationId));
        p.put("state.dir", stateDir.toString());
        p.put("commit.interval.ms", Long.toString(commitIntervalMillis));
        // Review requests carry seconds of audio; let the producer send them.
        p.put("producer.max.request.size", Integer.toString(Topics.LABELED_CLIPS.maxMessageBytes()));
        p.put("consumer.max.partition.fetch.bytes", Integer.toString(Topics.REVIEW_REQUESTS.maxMessageBytes()));
        this.streams = new KafkaStreams(builder.build(), p);
    }

    private static <V extends SpecificRecord> Serde<V> serde(KafkaClientSettings settings, TopicSpec<String, V> topic) {
        return Serdes.serdeFrom(settings.valueSerializer(topic), settings.valueDeserializer(topic));
    }

    public LabelJoinerService start() {
        streams.start();
        return this;
    }

    @Override
    public void close() {
        streams.close();
    }
}
