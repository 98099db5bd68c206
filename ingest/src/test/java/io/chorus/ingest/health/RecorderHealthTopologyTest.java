package io.chorus.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.audio.pcm.PcmSamples;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.avro.AudioEncoding;
import io.chorus.schemas.avro.RecorderHealth;
import io.chorus.schemas.avro.RecorderStatus;
import io.chorus.schemas.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recorder health in Kafka Streams' TopologyTestDriver (wall clock driven by the test). */
class RecorderHealthTopologyTest {

    static final Instant T0 = Instant.parse("2026-11-20T21:00:00Z");
    static final int RATE = 1_000;

    TopologyTestDriver driver;
    TestInputTopic<String, AudioChunk> chunks;
    TestOutputTopic<String, RecorderHealth> health;
    PrometheusRegistry registry = new PrometheusRegistry();

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        RecorderHealthTopology.build(builder, io.chorus.schemas.serde.PlainAvroSerdes.of(AudioChunk.class),
                io.chorus.schemas.serde.PlainAvroSerdes.of(RecorderHealth.class), HealthSettings.defaults(),
                new HealthGauges(registry));
        Properties p = new Properties();
        p.put("application.id", "health-test");
        p.put("bootstrap.servers", "unused:9092");
        driver = new TopologyTestDriver(builder.build(), p, T0);
        chunks = driver.createInputTopic(Topics.AUDIO_CHUNKS.name(), Serdes.String().serializer(),
                io.chorus.schemas.serde.PlainAvroSerdes.of(AudioChunk.class).serializer());
        health = driver.createOutputTopic(Topics.RECORDER_HEALTH.name(), Serdes.String().deserializer(),
                io.chorus.schemas.serde.PlainAvroSerdes.of(RecorderHealth.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** One second of audio: {@code clippedShare} of the samples at full scale, the rest at 0.1. */
    static AudioChunk chunk(String recorder, long seq, long second, double clippedShare) {
        float[] x = new float[RATE];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < clippedShare * RATE ? 1f : 0.1f;
        }
        return AudioChunk.newBuilder().setRecorderId(recorder).setSiteId("site-a").setSequenceNumber(seq)
                .setStartTime(T0.plusSeconds(second)).setSampleRateHz(RATE).setChannels(1)
                .setEncoding(AudioEncoding.PCM_F32LE).setFrameCount(RATE)
                .setData(ByteBuffer.wrap(PcmSamples.encodeFloat32(x))).setSource(null).setSourceOffsetSeconds(null)
                .setPublishedAt(T0).setAttributes(Map.of()).build();
    }

    @Test
    void reportsLevelsAndClippingPerWindow() {
        for (int s = 0; s < 10; s++) {
            chunks.pipeInput("clip", chunk("clip", s, s, 0.25));
        }
        assertThat(health.isEmpty()).isTrue(); // the 10 s window is still open
        chunks.pipeInput("clip", chunk("clip", 10, 10, 0));
        RecorderHealth h = health.readValue();
        assertThat(h.getStatus()).isEqualTo(RecorderStatus.ONLINE);
        assertThat(h.getClippingRatio()).isEqualTo(0.25f);
        assertThat(h.getPeakDbfs()).isEqualTo(0f);
        assertThat(h.getChunkCount()).isEqualTo(10);
        assertThat(h.getWindowStart()).isEqualTo(T0);
        assertThat(h.getWindowEnd()).isEqualTo(T0.plusSeconds(10));
        assertThat((double) h.getRmsDbfs()).isCloseTo(20 * Math.log10(Math.sqrt(0.25 + 0.75 * 0.01)),
                org.assertj.core.data.Offset.offset(1e-3));
        assertThat(registry.scrape().stream().filter(m -> m.getMetadata().getName().equals("chorus_recorder_clipping_ratio"))
                .findFirst().orElseThrow().getDataPoints().get(0).getLabels().get("recorder")).isEqualTo("clip");
    }

    @Test
    void countsChunksItCannotMeasure() {
        AudioChunk odd = chunk("odd", 0, 0, 0);
        odd.setEncoding(AudioEncoding.UNKNOWN);
        chunks.pipeInput("odd", odd);
        assertThat(registry.scrape().stream().filter(m -> m.getMetadata().getName().equals("chorus_recorder_unmeasured_chunks"))
                .findFirst().orElseThrow().getDataPoints().get(0).getLabels().get("reason")).isEqualTo("UNSUPPORTED_ENCODING");
    }

    @Test
    void countsGapsAndLateChunks() {
        chunks.pipeInput("r", chunk("r", 0, 0, 0));
        chunks.pipeInput("r", chunk("r", 1, 1, 0));
        chunks.pipeInput("r", chunk("r", 2, 4, 0)); // 2 s missing
        chunks.pipeInput("r", chunk("r", 3, 12, 0)); // next window: reports the first
        chunks.pipeInput("r", chunk("r", 4, 5, 0)); // belongs to the closed window: late
        chunks.pipeInput("r", chunk("r", 5, 21, 0));
        List<RecorderHealth> out = health.readValuesToList();
        assertThat(out.get(0).getGapCount()).isEqualTo(1);
        assertThat(out.get(0).getGapSeconds()).isEqualTo(2.0);
        assertThat(out.get(1).getLateChunkCount()).isEqualTo(1);
    }

    @Test
    void aRecorderThatStopsIsReportedOfflineAndOnlineWhenItReturns() {
        chunks.pipeInput("quiet", chunk("quiet", 0, 0, 0));
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(health.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(31));
        RecorderHealth off = health.readValue();
        assertThat(off.getStatus()).isEqualTo(RecorderStatus.OFFLINE);
        assertThat(off.getLastSeen()).isEqualTo(T0);
        driver.advanceWallClockTime(Duration.ofSeconds(60));
        assertThat(health.isEmpty()).as("reported once").isTrue();
        chunks.pipeInput("quiet", chunk("quiet", 1, 100, 0));
        assertThat(health.readValue().getStatus()).isEqualTo(RecorderStatus.ONLINE);
    }
}
