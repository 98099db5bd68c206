package io.chorus.stream.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.audio.pcm.PcmSamples;
import io.chorus.model.features.Resampler;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.avro.AudioEncoding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Models, releases, recorder audio and Kafka helpers for the job tests. */
public final class JobFixtures {

    public static final List<String> LABELS = List.of("BOAFAB", "PHYCUV", "DENMIN", "SCIPER", "LEPLAT");
    public static final String MODEL = "test-line";
    public static final int RATE = 22_050;

    private JobFixtures() {
    }

    /** The same artifact with its manifest claiming other labels (the head no longer matches). */
    public static byte[] withManifestLabels(byte[] artifact, List<String> labels) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(artifact));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals("manifest.json")) {
                    ObjectNode manifest = (ObjectNode) json.readTree(content);
                    ArrayNode l = manifest.putArray("labels");
                    labels.forEach(l::add);
                    manifest.putArray("rareLabels").add(labels.get(labels.size() - 1));
                    content = json.writeValueAsBytes(manifest);
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Seeded recorder audio: noise with a few tones, as 16-bit PCM decoded back (what the job will see). */
    public static float[] recorderAudio(long seed, double seconds) {
        Random rng = new Random(seed);
        float[] x = new float[(int) Math.round(seconds * RATE)];
        double f = 800 + rng.nextInt(3000);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.05 * rng.nextGaussian() + 0.2 * Math.sin(2 * Math.PI * f * i / RATE) * ((i / RATE) % 2));
        }
        byte[] pcm = PcmSamples.encode16(x);
        return PcmSamples.decode(pcm, 0, x.length, 16, false);
    }

    /** One chunk of {@code audio} from sample {@code from}, {@code frames} long. */
    public static AudioChunk chunk(String recorder, String site, long seq, long startMicros, float[] audio, int from, int frames) {
        float[] part = java.util.Arrays.copyOfRange(audio, from, from + frames);
        return AudioChunk.newBuilder()
                .setRecorderId(recorder).setSiteId(site).setSequenceNumber(seq)
                .setStartTime(Instant.ofEpochSecond(0, startMicros * 1000))
                .setSampleRateHz(RATE).setChannels(1).setEncoding(AudioEncoding.PCM_S16LE).setFrameCount(frames)
                .setData(ByteBuffer.wrap(PcmSamples.encode16(part)))
                .setSource("test").setSourceOffsetSeconds(null).setPublishedAt(Instant.now()).setAttributes(Map.of())
                .build();
    }

    /** The job's scores of a window within 1e-5 of the offline classifier's, label by label (the job's offline-equality bound). */
    public static void assertOfflineEqual(String window, float[] got, float[] offline) {
        org.assertj.core.api.Assertions.assertThat(got).as("%s: one score per label", window).hasSize(offline.length);
        for (int i = 0; i < offline.length; i++) {
            org.assertj.core.api.Assertions.assertThat(got[i]).as("%s %s", window, LABELS.get(i))
                    .isCloseTo(offline[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    /** Scores the window that starts {@code offsetMicros} into a recorder's audio, the way {@code trainer evaluate} would. */
    public static float[] offlineScores(WindowClassifier classifier, float[] audio, long offsetMicros) {
        int from = (int) Math.round(offsetMicros * RATE / 1e6);
        int n = (int) Math.round(3.0 * RATE);
        float[] window = java.util.Arrays.copyOfRange(audio, from, from + n);
        return classifier.scores(List.of(Resampler.toModelWindow(window, RATE, classifier.features())))[0];
    }
}
