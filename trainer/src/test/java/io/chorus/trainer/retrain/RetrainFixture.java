package io.chorus.trainer.retrain;

import ai.djl.Device;
import io.chorus.audio.pcm.PcmSamples;
import io.chorus.audio.synthetic.AnuraSetLayoutWriter;
import io.chorus.audio.synthetic.ChorusConfig;
import io.chorus.audio.synthetic.ChorusGenerator;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.network.Architecture;
import io.chorus.schemas.avro.AudioEncoding;
import io.chorus.schemas.avro.LabeledClip;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import io.chorus.trainer.mixing.MixerSettings;
import io.chorus.trainer.release.ModelReleases;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A CI-sized world for the retraining tests: a synthetic chorus of four species at 16 kHz, 1 s
 * windows, a MobileNetV3-Small-0.25 trained with Mix2 (SpecAugment off and thresholds tuned:
 * on a few hundred clips the tiny network learns within 40 epochs only that way). The base set barely knows {@link #SCARCE} (its positive
 * training clips are removed); reviewed clips come from further recordings of the same sites.
 */
final class RetrainFixture {

    static final List<String> SPECIES = List.of("SPHSUR", "BOABIS", "LEPPOD", "PITAZU");
    static final String SCARCE = "PITAZU";
    static final FeatureConfig FEATURES = new FeatureConfig(16_000, 1.0, 1.0, 256, 128, 32, 0, 8_000);
    static final int BASE_RECORDINGS = 8;

    private RetrainFixture() {
    }

    static ChorusConfig chorus(int recordingsPerSite) {
        ChorusConfig d = ChorusConfig.defaults();
        return new ChorusConfig(3, d.sites(), recordingsPerSite, 12.0, 16_000, 1.0, 1.0, 0.25, 10, 30, SPECIES);
    }

    /** Writes the base set and drops every training row where the scarce species calls. */
    static void writeBase(Path dir) throws IOException {
        AnuraSetLayoutWriter.write(new ChorusGenerator(chorus(BASE_RECORDINGS)), dir, n -> { });
        Path metadata = dir.resolve("metadata.csv");
        List<String> lines = Files.readAllLines(metadata);
        int column = 8 + SPECIES.indexOf(SCARCE);
        List<String> kept = new ArrayList<>();
        kept.add(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (!(cells[7].equals("train") && cells[column].equals("1"))) {
                kept.add(line);
            }
        }
        Files.write(metadata, kept);
    }

    static RetrainSettings settings(Path base, Path models) {
        return new RetrainSettings("test-line", models, base, "anuraset", Architecture.small(0.25), FEATURES, "mix2",
                MixerSettings.defaults(), 40, 15, 16, 1e-2f, 3e-3f, 0.01f, 1, 0.25, false, true, false, 3, 0.25,
                PromotionGate.DEFAULTS, Device.cpu(), Duration.ofHours(6), 30, Duration.ofMillis(200),
                ModelReleases.maxInlineArtifactBytes());
    }

    /**
     * Reviewed clips cut from recordings {@code from..to-1} of every site (beyond the base set's),
     * the windows where the scarce species calls and as many where it does not, labelled by
     * {@code relabel} (identity for an honest expert).
     */
    static List<LabeledClip> reviewed(int from, int to, String idPrefix, UnaryOperator<int[]> relabel) {
        ChorusConfig c = chorus(to);
        ChorusGenerator g = new ChorusGenerator(c);
        int scarce = SPECIES.indexOf(SCARCE);
        List<LabeledClip> out = new ArrayList<>();
        for (int s = 0; s < c.sites().size(); s++) {
            for (int r = from; r < to; r++) {
                ChorusGenerator.Recording rec = g.recording(s, r);
                int positives = 0;
                List<LabeledClip> negatives = new ArrayList<>();
                for (int t = 0; t + 1 <= c.recordingSeconds(); t++) {
                    int[] y = ChorusGenerator.labels(rec.events(), SPECIES, t, t + 1);
                    float[] audio = new float[16_000];
                    System.arraycopy(rec.audio(), t * 16_000, audio, 0, 16_000);
                    LabeledClip clip = clip(idPrefix + "-" + c.sites().get(s) + "-" + r + "-" + t, c.sites().get(s), r, t, audio,
                            relabel.apply(y));
                    if (y[scarce] == 1) {
                        out.add(clip);
                        positives++;
                    } else {
                        negatives.add(clip);
                    }
                }
                out.addAll(negatives.subList(0, Math.min(positives, negatives.size())));
            }
        }
        return out;
    }

    static LabeledClip clip(String id, String site, int recording, int second, float[] audio, int[] labels) {
        Instant start = Instant.parse("2026-11-01T00:00:00Z").plus(Duration.ofHours(recording)).plusSeconds(second);
        List<Integer> multiHot = new ArrayList<>();
        for (int v : labels) {
            multiHot.add(v);
        }
        return LabeledClip.newBuilder().setClipId(id).setRequestId(id).setRecorderId(site + "-rec").setSiteId(site)
                .setWindowStart(start).setWindowEnd(start.plusSeconds(1)).setSampleRateHz(16_000).setChannels(1)
                .setEncoding(AudioEncoding.PCM_S16LE).setFrameCount(audio.length).setAudio(ByteBuffer.wrap(PcmSamples.encode16(audio)))
                .setLabelSpace(SPECIES).setMultiHot(multiHot).setAnnotator("expert").setAnnotatedAt(start.plusSeconds(3600))
                .setRevision(1).setRequestReason(null).setModelName(null).setModelVersion(null).build();
    }

    static void publish(KafkaClientSettings kafka, List<LabeledClip> clips) throws Exception {
        try (KafkaProducer<String, LabeledClip> p = new KafkaProducer<>(kafka.producer("fixture", Topics.LABELED_CLIPS),
                new StringSerializer(), kafka.valueSerializer(Topics.LABELED_CLIPS))) {
            for (LabeledClip c : clips) {
                p.send(new ProducerRecord<>(Topics.LABELED_CLIPS.name(), c.getClipId(), c));
            }
            p.flush();
        }
    }

    /** Every label flipped: an annotator who got the task backwards. */
    static int[] inverted(int[] y) {
        int[] out = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = 1 - y[i];
        }
        return out;
    }
}
