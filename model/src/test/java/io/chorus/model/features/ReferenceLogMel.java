package io.chorus.model.features;

/**
 * An independent double-precision log-mel, written straight from the definitions (direct DFT,
 * triangle filters evaluated in Hz), to check the engine's front end against.
 */
final class ReferenceLogMel {

    private ReferenceLogMel() {
    }

    /** [mel][frame] in [0, 1]. */
    static double[][] compute(float[] x, FeatureConfig c) {
        int n = c.nFft();
        int half = n / 2;
        // Centre frames: reflect-pad n/2 samples at both ends (numpy/torch "reflect").
        double[] padded = new double[x.length + n];
        for (int i = 0; i < padded.length; i++) {
            int j = i - half;
            if (j < 0) {
                j = -j;
            } else if (j >= x.length) {
                j = 2 * (x.length - 1) - j;
            }
            padded[i] = x[j];
        }
        int frames = 1 + x.length / c.hopLengthSamples();
        int bins = half + 1;
        double[][] power = new double[bins][frames];
        for (int t = 0; t < frames; t++) {
            int start = t * c.hopLengthSamples();
            for (int k = 0; k < bins; k++) {
                double re = 0;
                double im = 0;
                for (int i = 0; i < n; i++) {
                    double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
                    double angle = -2 * Math.PI * k * i / n;
                    double v = padded[start + i] * w;
                    re += v * Math.cos(angle);
                    im += v * Math.sin(angle);
                }
                power[k][t] = re * re + im * im;
            }
        }
        double melLow = 2595 * Math.log10(1 + c.fMinHz() / 700);
        double melHigh = 2595 * Math.log10(1 + c.fMaxHz() / 700);
        double[][] db = new double[c.nMels()][frames];
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int m = 0; m < c.nMels(); m++) {
            double[] edges = new double[3];
            for (int e = 0; e < 3; e++) {
                double mel = melLow + (melHigh - melLow) * (m + e) / (c.nMels() + 1);
                edges[e] = 700 * (Math.pow(10, mel / 2595) - 1);
            }
            for (int t = 0; t < frames; t++) {
                double sum = 0;
                for (int k = 0; k < bins; k++) {
                    double f = (double) k * c.sampleRateHz() / n;
                    double weight;
                    if (f <= edges[0] || f >= edges[2]) {
                        weight = 0;
                    } else if (f <= edges[1]) {
                        weight = (f - edges[0]) / (edges[1] - edges[0]);
                    } else {
                        weight = (edges[2] - f) / (edges[2] - edges[1]);
                    }
                    sum += weight * power[k][t];
                }
                db[m][t] = 10 * Math.log10(Math.max(sum, FeatureConfig.POWER_FLOOR));
                min = Math.min(min, db[m][t]);
                max = Math.max(max, db[m][t]);
            }
        }
        for (double[] row : db) {
            for (int t = 0; t < frames; t++) {
                row[t] = (row[t] - min) / Math.max(max - min, 1e-6);
            }
        }
        return db;
    }
}
