package io.chorus.trainer.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.audio.pcm.PcmSamples;
import io.chorus.embedded.EmbeddedStack;
import io.chorus.model.features.FeatureConfig;
import io.chorus.schemas.avro.AudioEncoding;
import io.chorus.schemas.avro.LabeledClip;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabeledClipsSnapshotTest {

    static final List<String> SPACE = List.of("BOAFAB", "PHYCUV", "XXXYYY");
    static final List<String> MODEL_LABELS = List.of("SPHSUR", "BOAFAB", "PHYCUV");

    @TempDir
    Path dir;

    static LabeledClip clip(String id, int revision, List<Integer> multiHot) {
        float[] audio = new float[3 * 22_050];
        java.util.Arrays.fill(audio, 0.25f);
        Instant start = Instant.parse("2026-11-20T21:17:03Z");
        return LabeledClip.newBuilder().setClipId(id).setRequestId(id).setRecorderId("rec").setSiteId("site")
                .setWindowStart(start).setWindowEnd(start.plusSeconds(3)).setSampleRateHz(22_050).setChannels(1)
                .setEncoding(AudioEncoding.PCM_S16LE).setFrameCount(audio.length)
                .setAudio(ByteBuffer.wrap(PcmSamples.encode16(audio))).setLabelSpace(SPACE).setMultiHot(multiHot)
                .setAnnotator("expert").setAnnotatedAt(start.plusSeconds(60)).setRevision(revision)
                .setRequestReason(null).setModelName(null).setModelVersion(null).build();
    }

    @Test
    void takesTheLatestRevisionOfEachClipInTheModelsLabelOrder() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0)) {
            KafkaClientSettings kafka = stack.clientSettings();
            try (KafkaProducer<String, LabeledClip> p = new KafkaProducer<>(kafka.producer("t", Topics.LABELED_CLIPS),
                    new StringSerializer(), kafka.valueSerializer(Topics.LABELED_CLIPS))) {
                p.send(new ProducerRecord<>(Topics.LABELED_CLIPS.name(), "a", clip("a", 1, List.of(1, 0, 0)))).get();
                p.send(new ProducerRecord<>(Topics.LABELED_CLIPS.name(), "b", clip("b", 1, List.of(0, 0, 1)))).get();
                p.send(new ProducerRecord<>(Topics.LABELED_CLIPS.name(), "a", clip("a", 2, List.of(1, 1, 0)))).get();
            }
            FeatureConfig features = FeatureConfig.defaults();
            LabeledClipsSnapshot s = LabeledClipsSnapshot.read(kafka, MODEL_LABELS, features);
            assertThat(s.clips()).extracting(io.chorus.trainer.data.LabeledClip::id).containsExactlyInAnyOrder("a", "b");
            io.chorus.trainer.data.LabeledClip a = s.clips().stream().filter(c -> c.id().equals("a")).findFirst().orElseThrow();
            assertThat(a.labels()).containsExactly(0, 1, 1);
            assertThat(a.audio()).hasSize(features.windowSamples());
            assertThat(a.recording()).isEqualTo("rec/2026-11-20T21:00:00Z");
            assertThat(s.unknownSpeciesLabels()).isEqualTo(1);
            assertThat(s.endOffsets().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
            assertThat(s.endOffsetsForLineage()).hasSize(Topics.LABELED_CLIPS.partitions());
        }
    }

    @Test
    void clipsComeInPartitionThenOffsetOrderNotInTheOrderTheyWereWrittenOrNamed() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0)) {
            KafkaClientSettings kafka = stack.clientSettings();
            try (KafkaProducer<String, LabeledClip> p = new KafkaProducer<>(kafka.producer("t", Topics.LABELED_CLIPS),
                    new StringSerializer(), kafka.valueSerializer(Topics.LABELED_CLIPS))) {
                for (int i = 0; i < 6; i++) { // c0 to partition 2, c1 to 1, c2 to 0, c3 to 2, ...
                    String id = "c" + i;
                    p.send(new ProducerRecord<>(Topics.LABELED_CLIPS.name(), 2 - i % 3, id, clip(id, 1, List.of(1, 0, 0)))).get();
                }
            }
            List<String> expected = List.of("c2", "c5", "c1", "c4", "c0", "c3");
            for (int read = 0; read < 2; read++) {
                assertThat(LabeledClipsSnapshot.read(kafka, MODEL_LABELS, FeatureConfig.defaults()).clips())
                        .extracting(io.chorus.trainer.data.LabeledClip::id).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void badRecordsAreSkippedByReasonAndTheRestIsRead() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0)) {
            KafkaClientSettings kafka = stack.clientSettings();
            try (KafkaProducer<String, LabeledClip> p = new KafkaProducer<>(kafka.producer("t", Topics.LABELED_CLIPS),
                    new StringSerializer(), kafka.valueSerializer(Topics.LABELED_CLIPS));
                 KafkaProducer<String, byte[]> raw = new KafkaProducer<>(kafka.producer("raw", Topics.LABELED_CLIPS),
                         new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                p.send(new ProducerRecord<>(Topics.LABELED_CLIPS.name(), "good", clip("good", 1, List.of(1, 0, 0)))).get();
                raw.send(new ProducerRecord<>(Topics.LABELED_CLIPS.name(), "junk", new byte[] {9, 9, 9})).get();
                p.send(new ProducerRecord<>(Topics.LABELED_CLIPS.name(), "short-labels", clip("short-labels", 1, List.of(1)))).get();
                LabeledClip truncated = clip("truncated", 1, List.of(0, 1, 0));
                truncated.setFrameCount(truncated.getFrameCount() * 2); // says twice the samples it carries
                p.send(new ProducerRecord<>(Topics.LABELED_CLIPS.name(), "truncated", truncated)).get();
            }
            LabeledClipsSnapshot s = LabeledClipsSnapshot.read(kafka, MODEL_LABELS, FeatureConfig.defaults());
            assertThat(s.clips()).extracting(io.chorus.trainer.data.LabeledClip::id).containsExactly("good");
            assertThat(s.skipped().counts()).containsEntry("UNREADABLE_RECORD", 1).containsEntry("BAD_LABELS", 1)
                    .containsEntry("BAD_AUDIO", 1);
            assertThat(s.skipped().summary()).contains("junk").contains("short-labels").contains("truncated");
        }
    }
}
