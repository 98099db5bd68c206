package io.chorus.model.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogMelFrontEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(LogMelFrontEndTest.class);
    private static NDManager manager;
    private static LogMelFrontEnd frontEnd;
    private static final FeatureConfig CONFIG = FeatureConfig.defaults();

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager(Device.cpu());
        frontEnd = new LogMelFrontEnd(CONFIG, manager);
    }

    @AfterAll
    static void stop() {
        frontEnd.close();
        manager.close();
    }

    static float[] chirpWithNoise(long seed) {
        Random random = new Random(seed);
        float[] x = new float[CONFIG.windowSamples()];
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / CONFIG.sampleRateHz();
            double f = 500 + 1500 * t; // 500 Hz -> 5 kHz over 3 s
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * f * t) + 0.01 * random.nextGaussian());
        }
        return x;
    }

    private static float[][] features(float[] clip) {
        try (NDManager m = manager.newSubManager()) {
            NDArray out = frontEnd.apply(m.create(clip, new Shape(1, clip.length)));
            assertThat(out.getShape()).isEqualTo(new Shape(1, 1, CONFIG.nMels(), CONFIG.frames()));
            float[] flat = out.toFloatArray();
            float[][] grid = new float[CONFIG.nMels()][CONFIG.frames()];
            for (int m2 = 0; m2 < CONFIG.nMels(); m2++) {
                System.arraycopy(flat, m2 * CONFIG.frames(), grid[m2], 0, CONFIG.frames());
            }
            return grid;
        }
    }

    @Test
    void matchesAnIndependentDoublePrecisionReference() {
        float[] clip = chirpWithNoise(7);
        float[][] ours = features(clip);
        double[][] reference = ReferenceLogMel.compute(clip, CONFIG);

        double maxError = 0;
        for (int m = 0; m < CONFIG.nMels(); m++) {
            for (int t = 0; t < CONFIG.frames(); t++) {
                maxError = Math.max(maxError, Math.abs(ours[m][t] - reference[m][t]));
            }
        }
        LOG.info("log-mel vs double-precision reference: max abs error {} (features in [0, 1])", maxError);
        assertThat(maxError).isLessThan(1e-4);
    }

    @Test
    void aSineLandsInTheMelBandAroundItsFrequency() {
        for (double hz : new double[] {440, 1000, 3000, 6500}) {
            float[] clip = new float[CONFIG.windowSamples()];
            for (int i = 0; i < clip.length; i++) {
                clip[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / CONFIG.sampleRateHz()));
            }
            float[][] grid = features(clip);
            int loudest = 0;
            for (int m = 0; m < CONFIG.nMels(); m++) {
                if (grid[m][CONFIG.frames() / 2] > grid[loudest][CONFIG.frames() / 2]) {
                    loudest = m;
                }
            }
            // Centre of band m is the (m+1)-th of nMels+2 equally spaced mel points.
            double melStep = MelFilterbank.hzToMel(CONFIG.fMaxHz()) / (CONFIG.nMels() + 1);
            int expected = (int) Math.round(MelFilterbank.hzToMel(hz) / melStep) - 1;
            assertThat(loudest).as("band of a %s Hz sine", hz).isBetween(expected - 1, expected + 1);
            assertThat(grid[loudest][CONFIG.frames() / 2]).isCloseTo(1.0f, org.assertj.core.data.Offset.offset(0.02f));
        }
    }

    @Test
    void eachClipOfABatchIsScaledOnItsOwnAndSilenceStaysFinite() {
        float[] loud = chirpWithNoise(1);
        float[] other = chirpWithNoise(2);
        float[] silent = new float[loud.length];
        float[][] alone = features(other);
        try (NDManager m = manager.newSubManager()) {
            float[] batch = new float[3 * loud.length];
            System.arraycopy(loud, 0, batch, 0, loud.length);
            System.arraycopy(other, 0, batch, loud.length, loud.length);
            System.arraycopy(silent, 0, batch, 2 * loud.length, loud.length);
            float[] out = frontEnd.apply(m.create(batch, new Shape(3, loud.length))).toFloatArray();
            int per = CONFIG.nMels() * CONFIG.frames();
            // The second clip gets the same features in a batch as alone: min–max is per clip.
            double diff = 0;
            for (int i = 0; i < per; i++) {
                diff = Math.max(diff, Math.abs(out[per + i] - alone[i / CONFIG.frames()][i % CONFIG.frames()]));
            }
            assertThat(diff).isLessThan(1e-5);
            for (int i = 2 * per; i < 3 * per; i++) {
                assertThat(out[i]).isFinite().isZero();
            }
        }
    }

    @Test
    void pcmAtAnyRateIsResampledToTheModelRate() {
        float[] at22k = ResamplerTest.tone(1000, 22_050, 3.0, 0.5);
        float[] at16k = ResamplerTest.tone(1000, 16_000, 3.0, 0.5);
        try (NDManager m = manager.newSubManager()) {
            float[] a = frontEnd.apply(m, List.of(at22k), 22_050).toFloatArray();
            float[] b = frontEnd.apply(m, List.of(at16k), 16_000).toFloatArray();
            int frame = CONFIG.frames() / 2;
            double maxDiff = 0;
            for (int mel = 0; mel < CONFIG.nMels(); mel++) {
                maxDiff = Math.max(maxDiff, Math.abs(a[mel * CONFIG.frames() + frame] - b[mel * CONFIG.frames() + frame]));
            }
            assertThat(maxDiff).isLessThan(0.03);
        }
    }

    @Test
    void callsLeaveNothingBehindInTheLongLivedManagers() {
        try (NDManager parent = NDManager.newBaseManager(Device.cpu()); LogMelFrontEnd fe = new LogMelFrontEnd(CONFIG, parent)) {
            int before = parent.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                try (NDManager m = parent.newSubManager()) {
                    fe.apply(m.create(chirpWithNoise(i), new Shape(1, CONFIG.windowSamples()))).toFloatArray();
                }
            }
            // Each batch's intermediates must die with the caller's manager (a leak here OOM-killed a 20-epoch run).
            assertThat(parent.getManagedArrays()).hasSize(before);
        }
    }

    @Test
    void theWrongShapeIsRefusedWithTheExpectedOne() {
        try (NDManager m = manager.newSubManager()) {
            assertThatThrownBy(() -> frontEnd.apply(m.zeros(new Shape(2, 1000))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("48000").hasMessageContaining("16000 Hz");
        }
    }
}
