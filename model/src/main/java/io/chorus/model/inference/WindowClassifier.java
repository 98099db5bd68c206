package io.chorus.model.inference;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.features.LogMelFrontEnd;
import io.chorus.model.network.MobileNetV3;
import java.util.List;

/**
 * Scores windows with a model: front end and network on one device, batched, sigmoid outputs.
 * The same code path serves {@code trainer evaluate} and the stream processor, so a window gets
 * the same scores in both. Not thread-safe: one classifier per worker thread.
 */
public final class WindowClassifier implements AutoCloseable {

    private final NDManager manager;
    private final MobileNetV3 net;
    private final LogMelFrontEnd frontEnd;
    private final ParameterStore ps;
    private final FeatureConfig features;

    public WindowClassifier(ModelArtifact artifact, Device device) {
        this.manager = NDManager.newBaseManager(device);
        this.features = artifact.manifest().features();
        this.net = artifact.instantiate(manager);
        this.frontEnd = new LogMelFrontEnd(features, manager);
        this.ps = new ParameterStore(manager, false);
    }

    /** Wraps a network being trained (evaluation during training uses the same path). */
    public WindowClassifier(MobileNetV3 net, FeatureConfig features, NDManager parent) {
        this.manager = parent.newSubManager();
        this.features = features;
        this.net = net;
        this.frontEnd = new LogMelFrontEnd(features, manager);
        this.ps = new ParameterStore(manager, false);
    }

    public FeatureConfig features() {
        return features;
    }

    /** Probabilities [window][species] for windows already at the model rate and one window long. */
    public float[][] scores(List<float[]> windows) {
        int n = features.windowSamples();
        float[] batch = new float[windows.size() * n];
        for (int i = 0; i < windows.size(); i++) {
            float[] w = windows.get(i);
            if (w.length != n) {
                throw new IllegalArgumentException("window " + i + " has " + w.length + " samples, the model needs " + n
                        + " at " + features.sampleRateHz() + " Hz");
            }
            System.arraycopy(w, 0, batch, i * n, n);
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray waveforms = m.create(batch, new Shape(windows.size(), n));
            NDArray logits = net.forward(ps, new NDList(frontEnd.apply(waveforms)), false).singletonOrThrow();
            float[] flat = Activation.sigmoid(logits).toFloatArray();
            int classes = (int) logits.getShape().get(1);
            float[][] out = new float[windows.size()][classes];
            for (int i = 0; i < out.length; i++) {
                System.arraycopy(flat, i * classes, out[i], 0, classes);
            }
            return out;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
