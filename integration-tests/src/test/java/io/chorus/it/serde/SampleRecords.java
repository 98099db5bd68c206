package io.chorus.it.serde;

import io.chorus.schemas.avro.Annotation;
import io.chorus.schemas.avro.ArtifactCompression;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.avro.AudioEncoding;
import io.chorus.schemas.avro.Detection;
import io.chorus.schemas.avro.FeatureConfig;
import io.chorus.schemas.avro.LabeledClip;
import io.chorus.schemas.avro.Lineage;
import io.chorus.schemas.avro.ModelMetrics;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.avro.RecorderHealth;
import io.chorus.schemas.avro.RecorderStatus;
import io.chorus.schemas.avro.RejectedRecord;
import io.chorus.schemas.avro.ReviewReason;
import io.chorus.schemas.avro.ReviewRequest;
import io.chorus.schemas.avro.SpeciesAlert;
import io.chorus.schemas.avro.SpeciesScore;
import io.chorus.schemas.topics.TopicSpec;
import io.chorus.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One realistic record per catalogue topic, every optional field filled, for round trips. */
public final class SampleRecords {

    /** Microsecond precision survives timestamp-micros; millisecond fields are built at millis. */
    static final Instant MICROS = Instant.parse("2026-11-27T03:14:15.926535Z");
    static final Instant MILLIS = MICROS.truncatedTo(ChronoUnit.MILLIS);

    private SampleRecords() {
    }

    static ByteBuffer pcm(int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31);
        }
        return ByteBuffer.wrap(b);
    }

    static List<SpeciesScore> scores() {
        return List.of(new SpeciesScore("BOAFAB", 0.91f), new SpeciesScore("PHYCUV", 0.07f));
    }

    public static AudioChunk audioChunk() {
        return AudioChunk.newBuilder().setRecorderId("rec-01").setSiteId("INCT17").setSequenceNumber(42L)
                .setStartTime(MICROS).setSampleRateHz(22_050).setChannels(1).setEncoding(AudioEncoding.PCM_S16LE)
                .setFrameCount(100).setData(pcm(200)).setSource("INCT17_20261127_031415.wav").setSourceOffsetSeconds(12.5)
                .setPublishedAt(MILLIS).setAttributes(Map.of("model", "AudioMoth 1.2")).build();
    }

    public static RejectedRecord rejected() {
        return RejectedRecord.newBuilder().setSourceTopic("audio.chunks").setSourcePartition(3).setSourceOffset(1234L)
                .setKey(ByteBuffer.wrap("rec-01".getBytes())).setValue(pcm(10)).setReasonCode("UNKNOWN_MAGIC_BYTE")
                .setReason("first byte 0x7b").setStage("stream-processor/source").setRecorderId("rec-01")
                .setErrorClass("io.chorus.schemas.serde.UnknownMagicByteException").setRejectedAt(MILLIS).build();
    }

    public static Detection detection() {
        return Detection.newBuilder().setWindowId("rec-01/1795662855926535").setRecorderId("rec-01").setSiteId("INCT17")
                .setWindowStart(MICROS).setWindowEnd(MICROS.plusSeconds(3)).setScores(scores())
                .setDetectedSpecies(List.of("BOAFAB")).setGapFilledSeconds(0.25f).setModelName("chorus")
                .setModelVersion(3).setInferenceDevice("gpu(0)").setProcessedAt(MILLIS).build();
    }

    public static SpeciesAlert alert() {
        return SpeciesAlert.newBuilder().setAlertId("INCT17/BOAFAB/1").setSiteId("INCT17").setSpeciesCode("BOAFAB")
                .setRare(true).setRecorderIds(List.of("rec-01", "rec-02")).setFirstWindowStart(MICROS)
                .setLastWindowEnd(MICROS.plusSeconds(7)).setPositiveWindows(3).setWindowsConsidered(5).setMaxScore(0.95f)
                .setMeanScore(0.8f).setThreshold(0.5f).setRule("3-of-5 windows, cooldown 600 s")
                .setWindowIds(List.of("a", "b", "c")).setModelName("chorus").setModelVersion(3).setRaisedAt(MILLIS).build();
    }

    public static ReviewRequest reviewRequest() {
        return ReviewRequest.newBuilder().setRequestId("req-1").setWindowId("rec-01/1").setRecorderId("rec-01")
                .setSiteId("INCT17").setWindowStart(MICROS).setWindowEnd(MICROS.plusSeconds(3)).setSampleRateHz(16_000)
                .setChannels(1).setEncoding(AudioEncoding.PCM_F32LE).setFrameCount(8).setAudio(pcm(32)).setScores(scores())
                .setDetectedSpecies(List.of()).setReason(ReviewReason.UNCERTAIN).setReasonDetail("BOAFAB 0.48 near 0.5")
                .setModelName("chorus").setModelVersion(3).setRequestedAt(MILLIS).build();
    }

    public static Annotation annotation() {
        return Annotation.newBuilder().setRequestId("req-1").setSpeciesPresent(List.of("BOAFAB"))
                .setAnnotator("ana").setAnnotatedAt(MILLIS).setNotes("clear call at 1.2 s").build();
    }

    public static LabeledClip labeledClip() {
        return LabeledClip.newBuilder().setClipId("req-1").setRequestId("req-1").setRecorderId("rec-01").setSiteId("INCT17")
                .setWindowStart(MICROS).setWindowEnd(MICROS.plusSeconds(3)).setSampleRateHz(16_000).setChannels(1)
                .setEncoding(AudioEncoding.PCM_S16LE).setFrameCount(16).setAudio(pcm(32))
                .setLabelSpace(List.of("BOAFAB", "PHYCUV")).setMultiHot(List.of(1, 0)).setAnnotator("ana")
                .setAnnotatedAt(MILLIS).setRevision(2).setRequestReason(ReviewReason.RARE_SPECIES).setModelName("chorus")
                .setModelVersion(3).build();
    }

    public static ModelRelease modelRelease() {
        ModelMetrics metrics = ModelMetrics.newBuilder().setEvaluationSet("holdout-r3").setSampleCount(500)
                .setMacroF1(0.61).setRareMacroF1(0.42).setPerClassF1(Map.of("BOAFAB", 0.8, "PHYCUV", 0.5)).build();
        return ModelRelease.newBuilder().setModelName("chorus").setVersion(3).setParentVersion(2).setCreatedAt(MILLIS)
                .setArchitecture("mobilenetv3-small-0.5").setLabels(List.of("BOAFAB", "PHYCUV")).setRareLabels(List.of("PHYCUV"))
                .setThresholds(Map.of("BOAFAB", 0.5f, "PHYCUV", 0.35f))
                .setFeatureConfig(FeatureConfig.newBuilder().setSampleRateHz(16_000).setWindowSeconds(3.0).setWindowHopSeconds(1.0)
                        .setNFft(512).setHopLengthSamples(128).setNMels(128).setFMinHz(0).setFMaxHz(8_000).setMelScale("htk")
                        .setFrames(376).setNormalization("per-clip-min-max").build())
                .setArtifact(pcm(4096)).setArtifactCompression(ArtifactCompression.GZIP).setArtifactSha256("ab".repeat(32))
                .setArtifactSizeBytes(10_000L).setMetrics(metrics).setChampionMetrics(metrics)
                .setLineage(Lineage.newBuilder().setBaseDatasetName("synthetic-chorus").setBaseDatasetSha256("cd".repeat(32))
                        .setLabeledClipsEndOffsets(Map.of("0", 10L, "1", 7L)).setLabeledClipCount(17L).setMixer("mix2")
                        .setRecipe("{\"epochs\":3}").setSeed(7L).setWarmStartVersion(2).build())
                .setNotes("promoted").build();
    }

    public static RecorderHealth recorderHealth() {
        return RecorderHealth.newBuilder().setRecorderId("rec-01").setSiteId("INCT17").setStatus(RecorderStatus.ONLINE)
                .setWindowStart(MILLIS).setWindowEnd(MILLIS.plusSeconds(10)).setRmsDbfs(-42.5f).setPeakDbfs(-3.1f)
                .setClippingRatio(0.001f).setSilenceRatio(0.2f).setChunkCount(10).setGapCount(1).setGapSeconds(1.0)
                .setLateChunkCount(0).setSampleRateHz(22_050).setLastSeen(MILLIS).setReportedAt(MILLIS).build();
    }

    public static io.chorus.schemas.avro.AlertDelivery alertDelivery() {
        return io.chorus.schemas.avro.AlertDelivery.newBuilder().setAlertId("INCT17/BOAFAB/1764213255000").setSubscriptionId("rangers")
                .setChannel("WEBHOOK").setEndpoint("https://hooks.example.org/chorus").setSiteId("INCT17").setSpeciesCode("BOAFAB")
                .setAttempt(2).setStatus(io.chorus.schemas.avro.DeliveryStatus.DELIVERED).setDetail("HTTP 200").setAttemptMillis(120L)
                .setSinceAlertMillis(2_400L).setAttemptedAt(MILLIS).build();
    }

    /** The sample for a data topic of the catalogue. */
    public static SpecificRecord forTopic(TopicSpec<String, ?> topic) {
        if (topic == Topics.AUDIO_CHUNKS) {
            return audioChunk();
        } else if (topic == Topics.AUDIO_CHUNKS_DLQ || topic == Topics.ANNOTATIONS_REJECTED) {
            return rejected();
        } else if (topic == Topics.DETECTIONS) {
            return detection();
        } else if (topic == Topics.ALERTS) {
            return alert();
        } else if (topic == Topics.REVIEW_REQUESTS) {
            return reviewRequest();
        } else if (topic == Topics.ANNOTATIONS) {
            return annotation();
        } else if (topic == Topics.LABELED_CLIPS) {
            return labeledClip();
        } else if (topic == Topics.MODELS) {
            return modelRelease();
        } else if (topic == Topics.RECORDER_HEALTH) {
            return recorderHealth();
        } else if (topic == Topics.ALERTS_DELIVERIES || topic == Topics.ALERTS_UNDELIVERABLE) {
            return alertDelivery();
        }
        throw new IllegalArgumentException("no sample for " + topic);
    }
}
