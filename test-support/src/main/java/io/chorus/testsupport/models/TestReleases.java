package io.chorus.testsupport.models;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.artifact.ModelManifest;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.features.LogMelFrontEnd;
import io.chorus.model.network.Architecture;
import io.chorus.model.network.MobileNetV3;
import io.chorus.model.release.ModelReleases;
import io.chorus.model.release.ReleaseTooLargeException;
import io.chorus.schemas.avro.Lineage;
import io.chorus.schemas.avro.ModelMetrics;
import io.chorus.schemas.avro.ModelRelease;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Models and model releases for tests, built by the same {@link ModelReleases} the trainer publishes with. */
public final class TestReleases {

    private TestReleases() {
    }

    /**
     * Largest logit the test network gives on {@link #probeClips}: scores stay inside about
     * [0.02, 0.98], so tests can use threshold 0 for "always" and 1 for "never".
     */
    public static final float PROBE_LOGIT_BOUND = 4f;

    /**
     * A small untrained network (MobileNetV3-Small-0.25, default front end) for these labels, the
     * last one rare, with its head rescaled so that its largest logit on {@link #probeClips} is
     * {@link #PROBE_LOGIT_BOUND}. Why: a freshly initialised network's logits span orders of
     * magnitude from one draw to the next (about 1 in 10 gave a score of exactly 1.0f on the job
     * fixtures' audio, which a threshold of 1 counts as detected); the network's input is min–max
     * scaled per window, so a bound on varied probe audio holds for other audio within a small factor.
     */
    public static ModelArtifact untrained(List<String> labels) {
        ModelManifest description = new ModelManifest(null, null, labels, List.of(labels.get(labels.size() - 1)), Map.of(),
                FeatureConfig.defaults(), Map.of(), Map.of("set", "test"), Instant.now().toString(), null);
        FeatureConfig f = description.features();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            MobileNetV3 net = ModelArtifact.untrained(Architecture.small(0.25), description).instantiate(manager);
            float largest;
            try (LogMelFrontEnd frontEnd = new LogMelFrontEnd(f, manager); NDManager scope = manager.newSubManager()) {
                NDArray spectrograms = frontEnd.apply(scope, probeClips(f.sampleRateHz(), f.windowSamples()), f.sampleRateHz());
                NDArray logits = net.forward(new ParameterStore(scope, false), new NDList(spectrograms), false).singletonOrThrow();
                largest = logits.abs().max().getFloat();
            }
            float factor = PROBE_LOGIT_BOUND / Math.max(largest, 1e-6f);
            net.getParameters().forEach(p -> {
                if (p.getKey().contains("head")) {
                    p.getValue().getArray().muli(factor);
                }
            });
            return ModelArtifact.capture(net, description);
        }
    }

    /**
     * Varied one-window clips like the tests' recorders: noise alone, noise under a tone that is on
     * for part of the window, a tone alone, near silence (fixed seeds).
     */
    public static List<float[]> probeClips(int sampleRateHz, int samples) {
        List<float[]> clips = new ArrayList<>();
        Random rng = new Random(7);
        double[][] noiseToneGate = {{0.05, 0, 1}, {0.05, 0.2, 2}, {0.05, 0.2, 1.5}, {0.02, 0.5, 1}, {0, 0.3, 3}, {0.001, 0, 1},
                {0.2, 0.05, 2}, {0.05, 0.2, 0.5}};
        for (double[] c : noiseToneGate) {
            double hz = 800 + rng.nextInt(3000);
            float[] x = new float[samples];
            for (int i = 0; i < samples; i++) {
                double t = (double) i / sampleRateHz;
                double gate = (t * c[2]) % 2 < 1 ? 1 : 0;
                x[i] = (float) (c[0] * rng.nextGaussian() + c[1] * Math.sin(2 * Math.PI * hz * t) * gate);
            }
            clips.add(x);
        }
        return clips;
    }

    /** A release of the artifact, its parent the version before. */
    public static ModelRelease release(String name, int version, ModelArtifact artifact) {
        return release(name, version, artifact.toBytes(), artifact.manifest());
    }

    /** A release of these artifact bytes as they are (a truncated or doctored artifact included), described by {@code manifest}. */
    public static ModelRelease release(String name, int version, byte[] artifact, ModelManifest manifest) {
        try {
            return ModelReleases.build(name, version, version > 1 ? version - 1 : null, artifact, manifest, metrics(0.5), null,
                    lineage(), "test", ModelReleases.maxInlineArtifactBytes());
        } catch (ReleaseTooLargeException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ModelMetrics metrics(double macroF1) {
        return ModelMetrics.newBuilder().setEvaluationSet("test").setSampleCount(10).setMacroF1(macroF1).build();
    }

    public static Lineage lineage() {
        return Lineage.newBuilder().setBaseDatasetName("test").setBaseDatasetSha256("ab").setMixer("none").setRecipe("{}").setSeed(1)
                .build();
    }
}
