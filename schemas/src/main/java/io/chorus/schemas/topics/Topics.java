package io.chorus.schemas.topics;

import io.chorus.schemas.avro.AlertDelivery;
import io.chorus.schemas.avro.Annotation;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.avro.Detection;
import io.chorus.schemas.avro.LabeledClip;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.avro.RecorderHealth;
import io.chorus.schemas.avro.RejectedRecord;
import io.chorus.schemas.avro.ReviewRequest;
import io.chorus.schemas.avro.SpeciesAlert;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The topic catalogue: every topic Chorus reads or writes, in one place (docs/ARCHITECTURE.md shows who writes and reads each).
 * No other code spells a topic name.
 */
public final class Topics {

    private static final int MIB = 1024 * 1024;

    /** ~1 s of PCM per record; 96 kHz, 32-bit, stereo is ~0.8 MB, so allow 4 MiB. */
    public static final TopicSpec<String, AudioChunk> AUDIO_CHUNKS = new TopicSpec<>(
            "audio.chunks", String.class, AudioChunk.class, CleanupPolicy.DELETE, 12,
            Optional.of(Duration.ofDays(3)), 4 * MIB,
            "PCM audio from the recorders, ~1 s per record, keyed by recorder id.");

    public static final TopicSpec<String, RejectedRecord> AUDIO_CHUNKS_DLQ = new TopicSpec<>(
            "audio.chunks.dlq", String.class, RejectedRecord.class, CleanupPolicy.DELETE, 3,
            Optional.of(Duration.ofDays(14)), 8 * MIB,
            "Audio records that could not be read or failed validation, with original bytes and reason.");

    public static final TopicSpec<String, Detection> DETECTIONS = new TopicSpec<>(
            "detections", String.class, Detection.class, CleanupPolicy.DELETE, 12,
            Optional.of(Duration.ofDays(30)), TopicSpec.DEFAULT_MAX_MESSAGE_BYTES,
            "One record per classified window with scores for every species.");

    public static final TopicSpec<String, SpeciesAlert> ALERTS = new TopicSpec<>(
            "alerts", String.class, SpeciesAlert.class, CleanupPolicy.DELETE, 3,
            Optional.of(Duration.ofDays(365)), TopicSpec.DEFAULT_MAX_MESSAGE_BYTES,
            "Confirmed species presence per site (k-of-n, cooldown), keyed by site/species.");

    /** Carries 3 s of audio at up to 96 kHz float: ~1.2 MB, so 8 MiB. */
    public static final TopicSpec<String, ReviewRequest> REVIEW_REQUESTS = new TopicSpec<>(
            "review.requests", String.class, ReviewRequest.class, CleanupPolicy.DELETE, 3,
            Optional.of(Duration.ofDays(90)), 8 * MIB,
            "Windows sent to experts (uncertain, rare, audit) with their audio and scores.");

    public static final TopicSpec<String, Annotation> ANNOTATIONS = new TopicSpec<>(
            "annotations", String.class, Annotation.class, CleanupPolicy.DELETE, 3,
            Optional.empty(), TopicSpec.DEFAULT_MAX_MESSAGE_BYTES,
            "Experts' answers to review requests, keyed by request id.");

    public static final TopicSpec<String, RejectedRecord> ANNOTATIONS_REJECTED = new TopicSpec<>(
            "annotations.rejected", String.class, RejectedRecord.class, CleanupPolicy.DELETE, 1,
            Optional.of(Duration.ofDays(90)), TopicSpec.DEFAULT_MAX_MESSAGE_BYTES,
            "Annotations naming an unknown request or species, with the reason.");

    /** Training data: kept forever, compacted so a re-annotated clip keeps only its latest labels. */
    public static final TopicSpec<String, LabeledClip> LABELED_CLIPS = new TopicSpec<>(
            "labeled.clips", String.class, LabeledClip.class, CleanupPolicy.COMPACT, 3,
            Optional.empty(), 8 * MIB,
            "Audio with expert multi-hot labels and provenance, keyed by clip id.");

    /** Artifacts travel inline; a MobileNetV3-Large is ~12 MB before compression, so 64 MiB. */
    public static final TopicSpec<String, ModelRelease> MODELS = new TopicSpec<>(
            "models", String.class, ModelRelease.class, CleanupPolicy.COMPACT, 1,
            Optional.empty(), 64 * MIB,
            "Model releases, latest per model name; read from the earliest offset by the job.");

    public static final TopicSpec<String, RecorderHealth> RECORDER_HEALTH = new TopicSpec<>(
            "recorder.health", String.class, RecorderHealth.class, CleanupPolicy.DELETE, 3,
            Optional.of(Duration.ofDays(30)), TopicSpec.DEFAULT_MAX_MESSAGE_BYTES,
            "Per-recorder level, clipping, silence, gaps and online state.");

    public static final TopicSpec<String, AlertDelivery> ALERTS_DELIVERIES = new TopicSpec<>(
            "alerts.deliveries", String.class, AlertDelivery.class, CleanupPolicy.DELETE, 3,
            Optional.of(Duration.ofDays(90)), TopicSpec.DEFAULT_MAX_MESSAGE_BYTES,
            "Every delivery attempt of an alert to a subscription: channel, attempt, status, latency (the audit trail).");

    public static final TopicSpec<String, AlertDelivery> ALERTS_UNDELIVERABLE = new TopicSpec<>(
            "alerts.undeliverable", String.class, AlertDelivery.class, CleanupPolicy.DELETE, 1,
            Optional.of(Duration.ofDays(365)), TopicSpec.DEFAULT_MAX_MESSAGE_BYTES,
            "Alert deliveries that exhausted their retries, with the reason.");

    /** Where the embedded Schema Registry keeps its state (JSON keys and values, like Confluent's). */
    public static final TopicSpec<String, String> SCHEMA_REGISTRY_STORE = new TopicSpec<>(
            "_schemas", String.class, String.class, CleanupPolicy.COMPACT, 1,
            Optional.empty(), TopicSpec.DEFAULT_MAX_MESSAGE_BYTES,
            "Schema Registry state: schemas, versions and compatibility settings.");

    /** Topics whose values are Chorus Avro records, in data-flow order. */
    public static final List<TopicSpec<String, ?>> DATA_TOPICS = List.of(
            AUDIO_CHUNKS, AUDIO_CHUNKS_DLQ, DETECTIONS, ALERTS, REVIEW_REQUESTS, ANNOTATIONS,
            ANNOTATIONS_REJECTED, LABELED_CLIPS, MODELS, RECORDER_HEALTH, ALERTS_DELIVERIES, ALERTS_UNDELIVERABLE);

    /** Every topic of the catalogue, the registry's own included. */
    public static final List<TopicSpec<String, ?>> ALL = List.of(
            AUDIO_CHUNKS, AUDIO_CHUNKS_DLQ, DETECTIONS, ALERTS, REVIEW_REQUESTS, ANNOTATIONS,
            ANNOTATIONS_REJECTED, LABELED_CLIPS, MODELS, RECORDER_HEALTH, ALERTS_DELIVERIES, ALERTS_UNDELIVERABLE,
            SCHEMA_REGISTRY_STORE);

    private Topics() {
    }

    /** The catalogue entry with this name. */
    public static Optional<TopicSpec<String, ?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
