package io.chorus.trainer.release;

import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.release.ModelReleases;
import io.chorus.model.release.ReleaseTooLargeException;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.kafka.KafkaClientSettings;
import java.io.IOException;
import java.util.Optional;

/**
 * Puts an earlier model back into service. The job only serves versions newer than the one it
 * has, so a rollback republishes version N's artifact, byte for byte, as the line's next version
 * with N as its parent; its metrics and lineage are N's, its champion metrics those of the
 * version it replaces.
 */
public final class Rollback {

    private Rollback() {
    }

    /** Publishes the rollback and stores its copy; returns the new release. */
    public static ModelRelease to(int version, KafkaClientSettings kafka, ModelDirectory dir, String modelName, long maxInlineBytes)
            throws IOException, ReleaseTooLargeException, ChampionChangedException {
        ModelLine line = ModelLine.read(kafka, modelName);
        ModelRelease serving = line.champion().orElseThrow(() -> new IllegalArgumentException(
                modelName + " has no release on the models topic; nothing to roll back"));
        dir.store(serving);
        if (version == serving.getVersion()) {
            throw new IllegalArgumentException(modelName + " v" + version + " is the serving version already");
        }
        Optional<ModelRelease> stored = dir.read(version);
        if (stored.isEmpty()) {
            stored = line.releases().stream().filter(r -> r.getVersion() == version).findFirst();
        }
        if (stored.isEmpty()) {
            throw new IllegalArgumentException(modelName + " v" + version + " is neither in " + dir.path()
                    + " nor still on the models topic (compacted); versions on disk: " + dir.versions());
        }
        ModelRelease source = stored.get();
        byte[] raw = ModelReleases.artifactBytesOf(source);
        ModelRelease release = ModelReleases.build(modelName, serving.getVersion() + 1, version, raw,
                ModelArtifact.fromBytes(raw).manifest(), source.getMetrics(), serving.getMetrics(), source.getLineage(),
                "rollback to v" + version + " (replaces v" + serving.getVersion() + ")", maxInlineBytes);
        new ReleasePublisher(kafka).publish(release, serving.getVersion());
        dir.store(release);
        return release;
    }
}
