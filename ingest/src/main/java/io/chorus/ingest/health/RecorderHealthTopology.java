package io.chorus.ingest.health;

import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.avro.RecorderHealth;
import io.chorus.schemas.topics.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/** The recorder-health topology: {@code audio.chunks} → {@link MeasureHealth} → {@code recorder.health}. */
public final class RecorderHealthTopology {

    /** Per-recorder state; also what the fleet endpoint reads (interactive queries). */
    public static final String STORE = "recorder-health-state";

    private RecorderHealthTopology() {
    }

    public static void build(StreamsBuilder builder, Serde<AudioChunk> chunks, Serde<RecorderHealth> health,
                             HealthSettings settings, HealthGauges gauges) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                RecorderState.serde()));
        builder.stream(Topics.AUDIO_CHUNKS.name(), Consumed.with(Serdes.String(), chunks))
                .process(() -> new MeasureHealth(settings, gauges), STORE)
                .to(Topics.RECORDER_HEALTH.name(), Produced.with(Serdes.String(), health));
    }
}
