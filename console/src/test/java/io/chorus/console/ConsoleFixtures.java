package io.chorus.console;

import io.chorus.schemas.avro.Annotation;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.avro.AudioEncoding;
import io.chorus.schemas.avro.Detection;
import io.chorus.schemas.avro.ReviewReason;
import io.chorus.schemas.avro.ReviewRequest;
import io.chorus.schemas.avro.SpeciesAlert;
import io.chorus.schemas.avro.SpeciesScore;
import io.chorus.audio.pcm.PcmSamples;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Constructed records for the console's tests. */
public final class ConsoleFixtures {

    public static final List<String> CATALOGUE = List.of("SPHSUR", "BOABIS", "BOAFAB", "LEPPOD", "PITAZU", "ADEDIP");
    public static final int RATE = 22_050;
    public static final Instant T0 = Instant.parse("2026-11-30T06:00:00Z");

    private ConsoleFixtures() {
    }

    /** 3 s of a 2 kHz tone with a 5 kHz call in the middle second, as PCM_F32LE. */
    public static float[] clip(double seconds) {
        int n = (int) Math.round(seconds * RATE);
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / (double) RATE;
            s[i] = (float) (0.2 * Math.sin(2 * Math.PI * 2000 * t) + (t > 1 && t < 2 ? 0.3 * Math.sin(2 * Math.PI * 5000 * t) : 0));
        }
        return s;
    }

    /** Scores for the catalogue, in its order. */
    public static ReviewRequest request(String id, ReviewReason reason, Instant windowStart, Instant requestedAt, float... scores) {
        float[] audio = clip(3.0);
        List<SpeciesScore> list = new ArrayList<>();
        List<String> detected = new ArrayList<>();
        for (int i = 0; i < CATALOGUE.size(); i++) {
            list.add(new SpeciesScore(CATALOGUE.get(i), scores[i]));
            if (scores[i] >= 0.5f) {
                detected.add(CATALOGUE.get(i));
            }
        }
        return ReviewRequest.newBuilder().setRequestId(id).setWindowId("w-" + id).setRecorderId("rec-1").setSiteId("S1")
                .setWindowStart(windowStart).setWindowEnd(windowStart.plusSeconds(3)).setSampleRateHz(RATE).setChannels(1)
                .setEncoding(AudioEncoding.PCM_F32LE).setFrameCount(audio.length).setAudio(ByteBuffer.wrap(PcmSamples.encodeFloat32(audio)))
                .setScores(list).setDetectedSpecies(detected).setReason(reason).setReasonDetail(null).setModelName("chorus-anura")
                .setModelVersion(1).setRequestedAt(requestedAt).build();
    }

    public static Annotation annotation(String id, String annotator, Instant at, String... species) {
        return Annotation.newBuilder().setRequestId(id).setSpeciesPresent(List.of(species)).setAnnotator(annotator).setAnnotatedAt(at)
                .setNotes(null).build();
    }

    public static Detection detection(String recorder, String site, Instant start, String detected, float score) {
        List<SpeciesScore> scores = new ArrayList<>();
        for (String c : CATALOGUE) {
            scores.add(new SpeciesScore(c, c.equals(detected) ? score : 0.05f));
        }
        return Detection.newBuilder().setWindowId(recorder + "-" + start.toEpochMilli()).setRecorderId(recorder).setSiteId(site)
                .setWindowStart(start).setWindowEnd(start.plusSeconds(3)).setScores(scores)
                .setDetectedSpecies(detected == null ? List.of() : List.of(detected)).setGapFilledSeconds(0f).setModelName("chorus-anura")
                .setModelVersion(1).setInferenceDevice("cpu").setProcessedAt(start.plusSeconds(4)).build();
    }

    /** Seconds of audio as 1 s chunks of 16-bit PCM: the tone of {@link #clip}. */
    public static List<AudioChunk> chunks(String recorder, Instant start, int seconds) {
        float[] audio = clip(seconds);
        List<AudioChunk> out = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            float[] part = java.util.Arrays.copyOfRange(audio, s * RATE, (s + 1) * RATE);
            out.add(AudioChunk.newBuilder().setRecorderId(recorder).setSiteId("S1").setSequenceNumber(s).setStartTime(start.plusSeconds(s))
                    .setSampleRateHz(RATE).setChannels(1).setEncoding(AudioEncoding.PCM_S16LE).setFrameCount(RATE)
                    .setData(ByteBuffer.wrap(PcmSamples.encode16(part))).setSource(null).setSourceOffsetSeconds(null)
                    .setPublishedAt(start.plusSeconds(s + 1)).setAttributes(java.util.Map.of()).build());
        }
        return out;
    }

    /** The job's window id: recorder and start in microseconds. */
    public static String windowId(String recorder, Instant start) {
        return recorder + "/" + (start.getEpochSecond() * 1_000_000 + start.getNano() / 1000);
    }

    public static SpeciesAlert alert(String id, String species, boolean rare, Instant at, List<String> windowIds) {
        return SpeciesAlert.newBuilder().setAlertId(id).setSiteId("S1").setSpeciesCode(species).setRare(rare).setRecorderIds(List.of("rec-1"))
                .setFirstWindowStart(at.minusSeconds(10)).setLastWindowEnd(at).setPositiveWindows(3).setWindowsConsidered(5)
                .setMaxScore(0.91f).setMeanScore(0.8f).setThreshold(0.5f).setRule("3 of 5 windows").setWindowIds(windowIds)
                .setModelName("chorus-anura").setModelVersion(1).setRaisedAt(at).build();
    }
}
