package io.chorus.console.state;

import io.chorus.schemas.avro.Annotation;
import io.chorus.schemas.avro.Detection;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.avro.RecorderHealth;
import io.chorus.schemas.avro.ReviewRequest;
import io.chorus.schemas.avro.SpeciesAlert;
import io.chorus.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Everything the console shows, materialised from the topics into queryable state stores (no
 * database of its own): the review requests and the latest annotation of each (the queue is the
 * requests without one), alerts by alert id, the latest health of each recorder, every model
 * release (artifact left out) by name and version, and detections per site, species and hour
 * (a windowed count of the detected species, on the windows' own event time). Stores are
 * partitioned like their topics, so more console instances share the work.
 */
public final class ConsoleTopology {

    public static final String REQUESTS = "console-review-requests";
    public static final String ANSWERS = "console-annotations";
    public static final String ALERTS = "console-alerts";
    public static final String HEALTH = "console-recorder-health";
    public static final String MODELS = "console-model-releases";
    public static final String ACTIVITY = "console-activity";
    /** Bucket of the activity view. */
    public static final Duration ACTIVITY_BUCKET = Duration.ofHours(1);
    /** How long hourly activity is kept (and how late a detection may still count). */
    public static final Duration ACTIVITY_RETENTION = Duration.ofDays(30);

    /** Value serdes of the topics read (registry serdes in service, plain Avro in topology tests). */
    public record TopicSerdes(Serde<ReviewRequest> requests, Serde<Annotation> annotations, Serde<SpeciesAlert> alerts,
                              Serde<RecorderHealth> health, Serde<ModelRelease> models, Serde<Detection> detections) {
    }

    private ConsoleTopology() {
    }

    /** The activity store's key: one site and species. */
    public static String activityKey(String siteId, String species) {
        return siteId + "|" + species;
    }

    /**
     * @param stores serdes of the stores (plain Avro: only this service reads its changelogs)
     */
    public static void build(StreamsBuilder builder, TopicSerdes topics, TopicSerdes stores) {
        builder.table(Topics.REVIEW_REQUESTS.name(), Consumed.with(Serdes.String(), topics.requests()),
                Materialized.<String, ReviewRequest, KeyValueStore<Bytes, byte[]>>as(REQUESTS)
                        .withKeySerde(Serdes.String()).withValueSerde(stores.requests()));
        builder.table(Topics.ANNOTATIONS.name(), Consumed.with(Serdes.String(), topics.annotations()),
                Materialized.<String, Annotation, KeyValueStore<Bytes, byte[]>>as(ANSWERS)
                        .withKeySerde(Serdes.String()).withValueSerde(stores.annotations()));
        builder.table(Topics.RECORDER_HEALTH.name(), Consumed.with(Serdes.String(), topics.health()),
                Materialized.<String, RecorderHealth, KeyValueStore<Bytes, byte[]>>as(HEALTH)
                        .withKeySerde(Serdes.String()).withValueSerde(stores.health()));

        // Alerts are keyed site/species on the topic; kept here by alert id, in the partition they came from.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERTS), Serdes.String(), stores.alerts()));
        builder.stream(Topics.ALERTS.name(), Consumed.with(Serdes.String(), topics.alerts()))
                .process(() -> new Remember<SpeciesAlert>(ALERTS, a -> a.getAlertId(), a -> a), ALERTS);
        // The models topic is compacted to the newest release per line; the console keeps the history it saw.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MODELS), Serdes.String(), stores.models()));
        builder.stream(Topics.MODELS.name(), Consumed.with(Serdes.String(), topics.models()))
                .process(() -> new Remember<ModelRelease>(MODELS, ConsoleTopology::releaseKey, ConsoleTopology::withoutArtifact), MODELS);

        builder.stream(Topics.DETECTIONS.name(), Consumed.with(Serdes.String(), topics.detections())
                        .withTimestampExtractor((record, partitionTime) -> record.value() instanceof Detection d
                                ? d.getWindowStart().toEpochMilli() : partitionTime))
                .flatMap((recorder, d) -> {
                    List<KeyValue<String, String>> out = new ArrayList<>();
                    if (d != null) {
                        for (String species : d.getDetectedSpecies()) {
                            out.add(KeyValue.pair(activityKey(d.getSiteId(), species), d.getRecorderId()));
                        }
                    }
                    return out;
                })
                .groupByKey(Grouped.with("console-activity-by-site-species", Serdes.String(), Serdes.String()))
                .windowedBy(TimeWindows.ofSizeAndGrace(ACTIVITY_BUCKET, ACTIVITY_RETENTION.minus(ACTIVITY_BUCKET)))
                .count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(ACTIVITY)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()).withRetention(ACTIVITY_RETENTION));
    }

    /** A release's store key: line and zero-padded version, so a range scan lists versions in order. */
    public static String releaseKey(ModelRelease r) {
        return r.getModelName() + "|" + String.format(java.util.Locale.ROOT, "%08d", r.getVersion());
    }

    private static ModelRelease withoutArtifact(ModelRelease r) {
        return ModelRelease.newBuilder(r).setArtifact(ByteBuffer.allocate(0)).build();
    }

    /** Puts each record's value into a store under a key taken from the value. */
    private static final class Remember<V> implements Processor<String, V, Void, Void> {
        private final String store;
        private final java.util.function.Function<V, String> key;
        private final java.util.function.UnaryOperator<V> trim;
        private KeyValueStore<String, V> kv;

        Remember(String store, java.util.function.Function<V, String> key, java.util.function.UnaryOperator<V> trim) {
            this.store = store;
            this.key = key;
            this.trim = trim;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            kv = context.getStateStore(store);
        }

        @Override
        public void process(Record<String, V> record) {
            if (record.value() != null) {
                kv.put(key.apply(record.value()), trim.apply(record.value()));
            }
        }
    }
}
