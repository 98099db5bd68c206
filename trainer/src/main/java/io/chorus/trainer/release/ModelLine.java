package io.chorus.trainer.release;

import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.kafka.TopicReads;
import io.chorus.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What {@code models} holds for one model line, read committed to its end: every release still
 * on the topic (compaction keeps at least the newest) and so the serving champion. Read afresh
 * at each round and before each publish, because a rollback may have published in between.
 */
public record ModelLine(String modelName, List<ModelRelease> releases) {

    public static ModelLine read(KafkaClientSettings kafka, String modelName) {
        List<ModelRelease> found = new ArrayList<>();
        try (KafkaConsumer<String, ModelRelease> consumer = new KafkaConsumer<>(kafka.consumer(null, Topics.MODELS),
                new StringDeserializer(), kafka.valueDeserializer(Topics.MODELS))) {
            TopicReads.fromBeginningToEnd(consumer, Topics.MODELS.name(), r -> {
                if (modelName.equals(r.key()) && r.value() != null) {
                    found.add(r.value());
                }
            });
        }
        found.sort(Comparator.comparingInt(ModelRelease::getVersion));
        return new ModelLine(modelName, List.copyOf(found));
    }

    /** The serving release: the highest version (the job serves the newest). */
    public Optional<ModelRelease> champion() {
        return releases.isEmpty() ? Optional.empty() : Optional.of(releases.get(releases.size() - 1));
    }

    /** Version of the champion, 0 when the line has none yet. */
    public int latestVersion() {
        return champion().map(ModelRelease::getVersion).orElse(0);
    }
}
