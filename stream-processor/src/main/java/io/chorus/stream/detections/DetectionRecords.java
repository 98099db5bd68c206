package io.chorus.stream.detections;

import io.chorus.schemas.avro.AudioEncoding;
import io.chorus.schemas.avro.Detection;
import io.chorus.schemas.avro.ReviewReason;
import io.chorus.schemas.avro.ReviewRequest;
import io.chorus.schemas.avro.SpeciesAlert;
import io.chorus.schemas.avro.SpeciesScore;
import io.chorus.stream.alerts.Alert;
import io.chorus.stream.inference.ScoredWindow;
import io.chorus.stream.review.ReviewSample;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The job's outputs as the topics' Avro records. */
public final class DetectionRecords {

    private DetectionRecords() {
    }

    public static Detection detection(ScoredWindow s) {
        return Detection.newBuilder()
                .setWindowId(s.window.windowId)
                .setRecorderId(s.window.recorderId)
                .setSiteId(s.window.siteId)
                .setWindowStart(micros(s.window.startMicros))
                .setWindowEnd(micros(s.window.endMicros))
                .setScores(scores(s))
                .setDetectedSpecies(detected(s))
                .setGapFilledSeconds(s.window.gapFilledSeconds)
                .setModelName(s.modelName)
                .setModelVersion(s.modelVersion)
                .setInferenceDevice(s.device)
                .setProcessedAt(Instant.ofEpochMilli(s.processedAtMillis))
                .build();
    }

    public static SpeciesAlert alert(Alert a) {
        return SpeciesAlert.newBuilder()
                .setAlertId(a.alertId)
                .setSiteId(a.siteId)
                .setSpeciesCode(a.speciesCode)
                .setRare(a.rare)
                .setRecorderIds(Arrays.asList(a.recorderIds))
                .setFirstWindowStart(micros(a.firstWindowStartMicros))
                .setLastWindowEnd(micros(a.lastWindowEndMicros))
                .setPositiveWindows(a.positiveWindows)
                .setWindowsConsidered(a.windowsConsidered)
                .setMaxScore(a.maxScore)
                .setMeanScore(a.meanScore)
                .setThreshold(a.threshold)
                .setRule(a.rule)
                .setWindowIds(Arrays.asList(a.windowIds))
                .setModelName(a.modelName)
                .setModelVersion(a.modelVersion)
                .setRaisedAt(Instant.ofEpochMilli(a.raisedAtMillis))
                .build();
    }

    /** The window's audio travels at the recorder's native rate, mono: 16-bit PCM when the recorder sent exactly 16-bit audio, else 32-bit float (lossless for 24-bit input). */
    public static ReviewRequest reviewRequest(ReviewSample r) {
        ScoredWindow s = r.scored;
        return ReviewRequest.newBuilder()
                .setRequestId(r.requestId)
                .setWindowId(s.window.windowId)
                .setRecorderId(s.window.recorderId)
                .setSiteId(s.window.siteId)
                .setWindowStart(micros(s.window.startMicros))
                .setWindowEnd(micros(s.window.endMicros))
                .setSampleRateHz(s.window.sampleRateHz)
                .setChannels(1)
                .setEncoding(s.window.pcmBytesPerSample == 2 ? AudioEncoding.PCM_S16LE : AudioEncoding.PCM_F32LE)
                .setFrameCount(s.window.frameCount())
                .setAudio(ByteBuffer.wrap(s.window.pcm))
                .setScores(scores(s))
                .setDetectedSpecies(detected(s))
                .setReason(ReviewReason.valueOf(r.reason))
                .setReasonDetail(r.reasonDetail)
                .setModelName(s.modelName)
                .setModelVersion(s.modelVersion)
                .setRequestedAt(Instant.ofEpochMilli(r.requestedAtMillis))
                .build();
    }

    private static List<SpeciesScore> scores(ScoredWindow s) {
        List<SpeciesScore> out = new ArrayList<>(s.scores.length);
        for (int i = 0; i < s.scores.length; i++) {
            out.add(new SpeciesScore(s.labels[i], s.scores[i]));
        }
        return out;
    }

    private static List<String> detected(ScoredWindow s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.scores.length; i++) {
            if (s.detected(i)) {
                out.add(s.labels[i]);
            }
        }
        return out;
    }

    static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
