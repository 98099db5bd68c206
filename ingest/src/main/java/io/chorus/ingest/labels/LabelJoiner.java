package io.chorus.ingest.labels;

import io.chorus.schemas.avro.Annotation;
import io.chorus.schemas.avro.LabeledClip;
import io.chorus.schemas.avro.RejectedRecord;
import io.chorus.schemas.avro.ReviewRequest;
import io.chorus.schemas.topics.Topics;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The label joiner's topology: experts' {@code annotations} joined with the
 * {@code review.requests} they answer (by request id) into {@code labeled.clips}, the audio with
 * multi-hot labels and provenance. Requests are kept in a table, so an annotation days later
 * still finds its window. A later annotation of the same request replaces the clip (same key,
 * next revision, on a compacted topic); an annotation older than the one already applied, one
 * for an unknown request and one naming a species outside the catalogue go to
 * {@code annotations.rejected} with the reason — never silently away.
 */
public final class LabelJoiner {

    public static final String REQUESTS_STORE = "review-requests";
    public static final String LATEST_STORE = "latest-annotations";

    /** The topics' value serdes (registry serdes in service, plain Avro in unit tests). */
    public record TopicSerdes(Serde<ReviewRequest> requests, Serde<Annotation> annotations, Serde<LabeledClip> clips,
                              Serde<RejectedRecord> rejected) {
    }

    private LabelJoiner() {
    }

    /**
     * @param labelSpace the species catalogue: the only codes an annotation may name, and the order
     *                   of every clip's multi-hot vector
     */
    public static void build(StreamsBuilder builder, TopicSerdes serdes, List<String> labelSpace) {
        builder.table(Topics.REVIEW_REQUESTS.name(), Consumed.with(Serdes.String(), serdes.requests()),
                Materialized.<String, ReviewRequest, KeyValueStore<Bytes, byte[]>>as(REQUESTS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.requests()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LATEST_STORE),
                Serdes.String(), Serdes.String()));

        KStream<String, JoinOutcome> outcomes = builder
                .stream(Topics.ANNOTATIONS.name(), Consumed.with(Serdes.String(), serdes.annotations()))
                .process(() -> new JoinAnnotation(labelSpace), REQUESTS_STORE, LATEST_STORE);
        outcomes.filter((k, o) -> o.clip() != null).mapValues(JoinOutcome::clip)
                .to(Topics.LABELED_CLIPS.name(), Produced.with(Serdes.String(), serdes.clips()));
        outcomes.filter((k, o) -> o.rejected() != null).mapValues(JoinOutcome::rejected)
                .to(Topics.ANNOTATIONS_REJECTED.name(), Produced.with(Serdes.String(), serdes.rejected()));
    }

    /** Exactly one of the two is set. */
    record JoinOutcome(LabeledClip clip, RejectedRecord rejected) {
    }
}
