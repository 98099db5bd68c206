package io.chorus.model.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.features.Resampler;
import io.chorus.model.network.Architecture;
import io.chorus.model.network.MobileNetV3;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A stream's windows scored with frames reused from earlier windows get the scores the offline
 * path gives each window alone, while most frames are reused; audio that differs is recomputed.
 */
class WindowClassifierFrameReuseTest {

    private static final int RATE = 22_050;

    @ParameterizedTest(name = "hop {0}, {1} mels")
    @CsvSource({"128, 128, 0.40", "256, 64, 0.72"})
    void slidingWindowsMatchTheOfflineScoresWhileComputingFewerFrames(int hop, int mels, double maxComputedShare) {
        FeatureConfig f = new FeatureConfig(16_000, 3.0, 1.0, 512, hop, mels, 0.0, 8_000.0);
        float[] stream = audio(9.0, 7);
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); WindowClassifier c = classifier(f, m)) {
            List<float[]> windows = modelRateWindows(stream, f, 7);
            List<WindowClassifier.WindowFrames> history = new ArrayList<>();
            int computed = 0;
            int total = 0;
            for (int k = 0; k < windows.size(); k++) {
                float[] offline = c.scores(List.of(windows.get(k)))[0];
                WindowClassifier.Scored s = c.scoresReusing(List.of(new WindowClassifier.Request(windows.get(k), earlier(history, f))));
                assertThat(maxAbsDiff(offline, s.scores()[0])).as("window %d: reused vs offline scores", k).isLessThan(1e-5);
                history.add(s.frames()[0]);
                if (k >= 2) {
                    computed += s.framesComputed();
                    total += s.framesTotal();
                }
            }
            assertThat(computed / (double) total).as("share of frames computed once the stream is running")
                    .isLessThan(maxComputedShare);
        }
    }

    @ParameterizedTest(name = "hop {0}")
    @CsvSource({"128, 128", "256, 64"})
    void audioThatDiffersInTheOverlapIsRecomputedAndBatchesMixBothKinds(int hop, int mels) {
        FeatureConfig f = new FeatureConfig(16_000, 3.0, 1.0, 512, hop, mels, 0.0, 8_000.0);
        float[] stream = audio(6.0, 3);
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); WindowClassifier c = classifier(f, m)) {
            List<float[]> windows = modelRateWindows(stream, f, 4);
            List<WindowClassifier.WindowFrames> history = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                history.add(c.scoresReusing(List.of(new WindowClassifier.Request(windows.get(k), earlier(history, f)))).frames()[0]);
            }
            float[] changed = windows.get(3).clone();
            java.util.Arrays.fill(changed, 0, changed.length - 16_000, 0f); // as if the overlap were a silence-filled gap
            WindowClassifier.Scored s = c.scoresReusing(List.of(
                    new WindowClassifier.Request(changed, earlier(history, f)),
                    new WindowClassifier.Request(windows.get(3), earlier(history, f))));
            assertThat(maxAbsDiff(c.scores(List.of(changed))[0], s.scores()[0])).isLessThan(1e-5);
            assertThat(maxAbsDiff(c.scores(List.of(windows.get(3)))[0], s.scores()[1])).isLessThan(1e-5);
            assertThat(s.framesComputed()).as("the changed window is computed whole, the other mostly reused")
                    .isGreaterThan(f.frames()).isLessThan(2 * f.frames() - f.frames() / 4);
        }
    }

    /** The last two windows, 1 s and 2 s back, as the stream processor offers them. */
    private static List<WindowClassifier.Earlier> earlier(List<WindowClassifier.WindowFrames> history, FeatureConfig f) {
        List<WindowClassifier.Earlier> out = new ArrayList<>();
        for (int back = 1; back <= 2 && back <= history.size(); back++) {
            out.add(new WindowClassifier.Earlier(history.get(history.size() - back), back * f.sampleRateHz()));
        }
        return out;
    }

    /** 3 s windows every second at the model rate, resampled as the stream does (reusing the overlap). */
    private static List<float[]> modelRateWindows(float[] stream, FeatureConfig f, int count) {
        Resampler r = Resampler.between(RATE, f.sampleRateHz());
        List<float[]> out = new ArrayList<>();
        float[] previousIn = null;
        float[] previousOut = null;
        for (int k = 0; k < count; k++) {
            float[] in = java.util.Arrays.copyOfRange(stream, k * RATE, k * RATE + 3 * RATE);
            float[] resampled = r.applyAfter(in, previousIn, previousOut, RATE);
            out.add(Resampler.fitToWindow(resampled, f));
            previousIn = in;
            previousOut = resampled;
        }
        return out;
    }

    private static WindowClassifier classifier(FeatureConfig f, NDManager m) {
        MobileNetV3 net = new MobileNetV3(Architecture.parse("mobilenetv3-small-0.5"), 5);
        net.initialize(m, DataType.FLOAT32, new Shape(1, 1, f.nMels(), f.frames()));
        return new WindowClassifier(net, f, m);
    }

    /** Noise with tones that come and go, so windows differ from each other. */
    private static float[] audio(double seconds, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) RATE;
            x[i] = (float) (0.02 * rng.nextGaussian() + (Math.sin(2 * Math.PI * 0.3 * t) > 0 ? 0.2 * Math.sin(2 * Math.PI * 2_400 * t) : 0));
        }
        return x;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
