package io.chorus.trainer.mixing;

import java.util.Random;

/** The random draws mixers need, from a seeded {@link Random} so runs repeat. */
public final class Sampling {

    private Sampling() {
    }

    /** Beta(1, 1) is uniform on [0, 1]. */
    public static float[] beta11(int n, Random rng) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextFloat();
        }
        return out;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
    public static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Gamma(shape, 1) by Marsaglia–Tsang; shape < 1 via the boost G(a) = G(a + 1)·U^(1/a). */
    public static double gamma(double shape, Random rng) {
        if (shape < 1) {
            double u = rng.nextDouble();
            return gamma(shape + 1, rng) * Math.pow(u == 0 ? Double.MIN_VALUE : u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /** One draw from a symmetric Dirichlet(alpha) over k components; sums to 1. */
    public static float[] dirichlet(double alpha, int k, Random rng) {
        double[] g = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            g[i] = gamma(alpha, rng);
            sum += g[i];
        }
        float[] out = new float[k];
        if (sum == 0) {
            out[rng.nextInt(k)] = 1; // all draws underflowed: the limit of a tiny alpha is a vertex
            return out;
        }
        for (int i = 0; i < k; i++) {
            out[i] = (float) (g[i] / sum);
        }
        return out;
    }
}
