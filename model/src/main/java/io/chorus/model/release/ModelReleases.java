package io.chorus.model.release;

import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.artifact.ModelManifest;
import io.chorus.schemas.avro.ArtifactCompression;
import io.chorus.schemas.avro.Lineage;
import io.chorus.schemas.avro.ModelMetrics;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;

/**
 * Turns a trained model into the {@code models} record the detection job serves ({@link ReleaseCheck}
 * reads it back, in the job and in a rollback): the artifact
 * inline (gzip-compressed when that saves anything; the artifact is a zip already), with the SHA-256 and size of its uncompressed bytes, and the labels,
 * rare group, thresholds and front end copied from its manifest (the job checks they agree).
 * A release too large for the topic is refused here, before anything is sent.
 */
public final class ModelReleases {

    /** Room left in a record for everything but the artifact (labels, metrics, lineage, framing). */
    static final int HEADROOM_BYTES = 256 * 1024;

    private ModelReleases() {
    }

    /** The largest compressed artifact a release may carry inline. */
    public static long maxInlineArtifactBytes() {
        return Topics.MODELS.maxMessageBytes() - HEADROOM_BYTES;
    }

    /**
     * @param parentVersion the version this one replaces (null for v1; for a rollback, the version republished)
     * @param champion      the previous champion's scores on the same hold-out (null for v1)
     */
    public static ModelRelease build(String modelName, int version, Integer parentVersion, ModelArtifact artifact,
                                     ModelMetrics metrics, ModelMetrics champion, Lineage lineage, String notes)
            throws ReleaseTooLargeException {
        return build(modelName, version, parentVersion, artifact, metrics, champion, lineage, notes, maxInlineArtifactBytes());
    }

    public static ModelRelease build(String modelName, int version, Integer parentVersion, ModelArtifact artifact,
                                     ModelMetrics metrics, ModelMetrics champion, Lineage lineage, String notes, long maxInlineBytes)
            throws ReleaseTooLargeException {
        return build(modelName, version, parentVersion, artifact.toBytes(), artifact.manifest(), metrics, champion, lineage, notes,
                maxInlineBytes);
    }

    /**
     * A release of artifact bytes exactly as given (a rollback republishes the stored bytes, so its
     * SHA-256 and predictions are those of the version it restores).
     */
    public static ModelRelease build(String modelName, int version, Integer parentVersion, byte[] raw, ModelManifest m,
                                     ModelMetrics metrics, ModelMetrics champion, Lineage lineage, String notes, long maxInlineBytes)
            throws ReleaseTooLargeException {
        if (version < 1) {
            throw new IllegalArgumentException("release versions start at 1, got " + version);
        }
        // The artifact is a zip already; gzip only when it still saves something (it rarely does on weights).
        byte[] gzipped = gzip(raw);
        boolean useGzip = gzipped.length < raw.length * 0.99;
        byte[] packed = useGzip ? gzipped : raw;
        if (packed.length > maxInlineBytes) {
            throw new ReleaseTooLargeException(modelName + " v" + version + ": artifact is " + packed.length
                    + " bytes compressed (" + raw.length + " raw), over the " + maxInlineBytes + " bytes a release carries "
                    + "inline on topic " + Topics.MODELS.name() + " (max.message.bytes " + Topics.MODELS.maxMessageBytes()
                    + "); use a smaller architecture or raise the topic's limit with the producer's and consumers'");
        }
        return ModelRelease.newBuilder()
                .setModelName(modelName).setVersion(version).setParentVersion(parentVersion)
                .setCreatedAt(Instant.now()).setArchitecture(m.architecture())
                .setLabels(m.labels()).setRareLabels(m.rareLabels()).setThresholds(m.thresholds())
                .setFeatureConfig(m.features().toAvro())
                .setArtifact(ByteBuffer.wrap(packed))
                .setArtifactCompression(useGzip ? ArtifactCompression.GZIP : ArtifactCompression.NONE)
                .setArtifactSha256(ModelArtifact.sha256Hex(raw)).setArtifactSizeBytes(raw.length)
                .setMetrics(metrics).setChampionMetrics(champion).setLineage(lineage).setNotes(notes)
                .build();
    }

    /** The artifact a release carries, checked against its size and SHA-256 (rollback republishes it). */
    public static ModelArtifact artifactOf(ModelRelease release) throws IOException {
        return ModelArtifact.fromBytes(artifactBytesOf(release));
    }

    /** The uncompressed artifact bytes a release carries, checked as the job checks them ({@link ReleaseCheck#artifactBytes}). */
    public static byte[] artifactBytesOf(ModelRelease release) throws IOException {
        try {
            return ReleaseCheck.artifactBytes(release);
        } catch (ReleaseRejectedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
