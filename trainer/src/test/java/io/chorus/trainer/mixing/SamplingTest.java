package io.chorus.trainer.mixing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SamplingTest {

    @Test
    void gammaHasTheRightMeanForSmallAndLargeShapes() {
        Random rng = new Random(1);
        for (double shape : new double[] {0.2, 1.0, 3.5}) {
            double sum = 0;
            int n = 100_000;
            for (int i = 0; i < n; i++) {
                sum += Sampling.gamma(shape, rng);
            }
            assertThat(sum / n).as("mean of Gamma(%s)", shape).isCloseTo(shape, offset(0.03 * Math.max(1, shape)));
        }
    }

    @Test
    void dirichletRowsSumToOneAndASmallAlphaConcentratesTheWeight() {
        Random rng = new Random(2);
        double meanMax = 0;
        double meanFirst = 0;
        double meanFirstSquared = 0;
        int rows = 5_000;
        for (int r = 0; r < rows; r++) {
            float[] w = Sampling.dirichlet(0.2, 16, rng);
            double sum = 0;
            double max = 0;
            for (float v : w) {
                assertThat(v).isBetween(0f, 1f);
                sum += v;
                max = Math.max(max, v);
            }
            assertThat(sum).isCloseTo(1.0, offset(1e-5));
            meanMax += max / rows;
            meanFirst += w[0] / (double) rows;
            meanFirstSquared += (double) w[0] * w[0] / rows;
        }
        assertThat(meanFirst).isCloseTo(1.0 / 16, offset(0.01)); // symmetric: each component averages 1/k
        // Var of one component of Dir(α·1_k): α(kα − α) / ((kα)²(kα + 1)) = 0.01395 for α = 0.2, k = 16.
        double variance = meanFirstSquared - meanFirst * meanFirst;
        assertThat(variance).isCloseTo(0.2 * (3.2 - 0.2) / (3.2 * 3.2 * 4.2), offset(0.0015));
        assertThat(meanMax).as("Dirichlet(0.2) rows are dominated by few examples").isGreaterThan(0.35);
    }

    @Test
    void permutationsAndBetaDrawsRepeatForASeed() {
        int[] p = Sampling.permutation(50, new Random(7));
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
        assertThat(Sampling.permutation(50, new Random(7))).isEqualTo(p);
        assertThat(Sampling.beta11(10, new Random(3))).isEqualTo(Sampling.beta11(10, new Random(3)));
    }
}
