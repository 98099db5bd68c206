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
 *
 * <p>A stream's windows overlap (3 s every 1 s), so most of a window's log-mel frames were
 * already computed for an earlier window. {@link #scoresReusing} takes those earlier frames and
 * computes only the rest: the frames whose samples (the STFT frame, padding included) are not
 * bit for bit the same in both windows. Each window is then scaled over its own frames exactly
 * as {@link LogMelFrontEnd#apply} does, so the scores match {@link #scores} to float rounding.
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
            return probabilities(frontEnd.apply(waveforms), windows.size());
        }
    }

    /** A window's samples at the model rate and its unscaled frames (nMels × frames, row-major, dB). */
    public record WindowFrames(float[] samples, float[] decibels) {
    }

    /** An earlier window of the same stream that started {@code shiftSamples} (at the model rate) before. */
    public record Earlier(WindowFrames frames, int shiftSamples) {
    }

    /** A window to score and the earlier windows whose frames it may reuse (possibly none). */
    public record Request(float[] samples, List<Earlier> earlier) {
    }

    /** Scores per window, each window's frames (to offer to later windows), and how many frames were computed. */
    public record Scored(float[][] scores, WindowFrames[] frames, int framesComputed, int framesTotal) {
    }

    /** One run of a window's samples to put through the front end, and which of its frames the window keeps. */
    private record Segment(int window, int from, int length, int firstKept, int windowFrameFrom, int windowFrameTo) {
    }

    /** {@link #scores} for windows of streams, reusing the frames they share with earlier windows. */
    public Scored scoresReusing(List<Request> requests) {
        int n = features.windowSamples();
        int frames = features.frames();
        int mels = features.nMels();
        int hop = features.hopLengthSamples();
        int half = features.nFft() / 2;
        float[][] decibels = new float[requests.size()][mels * frames];
        java.util.Map<Integer, List<Segment>> byLength = new java.util.TreeMap<>();
        int computed = 0;
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            if (r.samples().length != n) {
                throw new IllegalArgumentException("window " + i + " has " + r.samples().length + " samples, the model needs "
                        + n + " at " + features.sampleRateHz() + " Hz");
            }
            int[] best = null;
            Earlier source = null;
            for (Earlier e : r.earlier()) {
                int[] run = FrameReuse.reusable(r.samples(), e.frames().samples(), e.shiftSamples(), features);
                if (run != null && (best == null || run[1] - run[0] > best[1] - best[0])) {
                    best = run;
                    source = e;
                }
            }
            if (best == null) {
                add(byLength, new Segment(i, 0, n, 0, 0, frames));
                computed += frames;
                continue;
            }
            int from = best[0];
            int to = best[1];
            int offset = source.shiftSamples() / hop;
            for (int m = 0; m < mels; m++) {
                System.arraycopy(source.frames().decibels(), m * frames + from + offset, decibels[i], m * frames + from, to - from);
            }
            if (from > 0) {
                // Frames [0, from) from the window's head; the segment ends where frame from-1's samples end.
                int length = Math.max((from - 1) * hop + half, half + 1);
                add(byLength, new Segment(i, 0, length, 0, 0, from));
            }
            if (to < frames) {
                // Frames [to, frames) from the tail; the segment starts where frame to's samples start.
                int start = to * hop - half;
                add(byLength, new Segment(i, start, n - start, half / hop, to, frames));
            }
            computed += frames - (to - from);
        }
        try (NDManager m = manager.newSubManager()) {
            for (List<Segment> group : byLength.values()) {
                int length = group.get(0).length();
                float[] batch = new float[group.size() * length];
                for (int g = 0; g < group.size(); g++) {
                    Segment seg = group.get(g);
                    System.arraycopy(requests.get(seg.window()).samples(), seg.from(), batch, g * length, length);
                }
                NDArray db = frontEnd.decibelFrames(m.create(batch, new Shape(group.size(), length)));
                int segFrames = (int) db.getShape().get(2);
                float[] flat = db.toFloatArray();
                for (int g = 0; g < group.size(); g++) {
                    Segment seg = group.get(g);
                    int count = seg.windowFrameTo() - seg.windowFrameFrom();
                    for (int mel = 0; mel < mels; mel++) {
                        System.arraycopy(flat, (g * mels + mel) * segFrames + seg.firstKept(), decibels[seg.window()],
                                mel * frames + seg.windowFrameFrom(), count);
                    }
                }
            }
            float[] all = new float[requests.size() * mels * frames];
            WindowFrames[] out = new WindowFrames[requests.size()];
            for (int i = 0; i < requests.size(); i++) {
                System.arraycopy(decibels[i], 0, all, i * mels * frames, mels * frames);
                out[i] = new WindowFrames(requests.get(i).samples(), decibels[i]);
            }
            NDArray input = frontEnd.scale(m.create(all, new Shape(requests.size(), mels, frames)));
            return new Scored(probabilities(input, requests.size()), out, computed, requests.size() * frames);
        }
    }

    private static void add(java.util.Map<Integer, List<Segment>> byLength, Segment s) {
        byLength.computeIfAbsent(s.length(), k -> new java.util.ArrayList<>()).add(s);
    }

    private float[][] probabilities(NDArray input, int windows) {
        NDArray logits = net.forward(ps, new NDList(input), false).singletonOrThrow();
        float[] flat = Activation.sigmoid(logits).toFloatArray();
        int classes = (int) logits.getShape().get(1);
        float[][] out = new float[windows][classes];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(flat, i * classes, out[i], 0, classes);
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
