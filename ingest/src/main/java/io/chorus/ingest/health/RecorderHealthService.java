package io.chorus.ingest.health;

import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.ops.OpsHttpServer;
import io.chorus.schemas.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Runs the recorder-health topology (exactly_once_v2) and serves {@code GET /recorders} — the
 * fleet's current state, read from the state store (interactive queries) — and {@code /metrics}.
 */
public final class RecorderHealthService implements AutoCloseable {

    public static final String APPLICATION_ID = "chorus-recorder-health";

    private final KafkaStreams streams;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final String httpHost;
    private final int httpPort;
    private OpsHttpServer http;

    public RecorderHealthService(KafkaClientSettings settings, String applicationId, Path stateDir, HealthSettings health,
                                 String httpHost, int httpPort, long commitIntervalMillis) {
        StreamsBuilder builder = new StreamsBuilder();
        RecorderHealthTopology.build(builder,
                Serdes.serdeFrom(settings.valueSerializer(Topics.AUDIO_CHUNKS), settings.valueDeserializer(Topics.AUDIO_CHUNKS)),
                Serdes.serdeFrom(settings.valueSerializer(Topics.RECORDER_HEALTH),
                        settings.valueDeserializer(Topics.RECORDER_HEALTH)),
                health, new HealthGauges(registry));
        Properties p = new Properties();
        p.putAll(settings.streams(applicationId));
        p.put("state.dir", stateDir.toString());
        p.put("commit.interval.ms", Long.toString(commitIntervalMillis));
        p.put("consumer.max.partition.fetch.bytes", Integer.toString(Topics.AUDIO_CHUNKS.maxMessageBytes()));
        // A record that cannot be read is counted (chorus_serde_errors_total) and skipped: health is
        // monitoring, the detection job dead-letters the record itself.
        p.put("deserialization.exception.handler",
                "org.apache.kafka.streams.errors.LogAndContinueExceptionHandler");
        this.streams = new KafkaStreams(builder.build(), p);
        this.httpHost = httpHost;
        this.httpPort = httpPort;
    }

    public RecorderHealthService start() throws IOException {
        streams.start();
        http = OpsHttpServer.start(httpHost, httpPort, registry, Map.of("/recorders", this::fleetJson));
        return this;
    }

    public int httpPort() {
        return http.port();
    }

    /** Every recorder's current state as a JSON array, by recorder id. */
    String fleetJson() {
        ReadOnlyKeyValueStore<String, RecorderState> store = streams.store(StoreQueryParameters.fromNameAndType(
                RecorderHealthTopology.STORE, QueryableStoreTypes.keyValueStore()));
        List<String> rows = new ArrayList<>();
        try (KeyValueIterator<String, RecorderState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, RecorderState> e = all.next();
                RecorderState s = e.value;
                rows.add("{\"recorderId\":" + OpsHttpServer.quote(s.recorderId)
                        + ",\"siteId\":" + OpsHttpServer.quote(s.siteId == null ? "" : s.siteId)
                        + ",\"status\":\"" + (s.online ? "ONLINE" : "OFFLINE") + "\""
                        + ",\"lastSeen\":\"" + Instant.ofEpochMilli(s.lastSeenMillis) + "\""
                        + ",\"sampleRateHz\":" + s.sampleRateHz
                        + ",\"rmsDbfs\":" + s.lastRmsDbfs + ",\"peakDbfs\":" + s.lastPeakDbfs
                        + ",\"clippingRatio\":" + s.lastClippingRatio + ",\"silenceRatio\":" + s.lastSilenceRatio + "}");
            }
        }
        java.util.Collections.sort(rows);
        return "[" + String.join(",", rows) + "]";
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        streams.close();
    }
}
