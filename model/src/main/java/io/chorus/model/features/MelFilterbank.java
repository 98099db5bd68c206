package io.chorus.model.features;

/**
 * Triangular mel filters on the HTK mel scale (mel = 2595·log10(1 + f/700)), unnormalised,
 * over the STFT bins 0..nFft/2 — the same filters as torchaudio's {@code melscale_fbanks} with
 * {@code norm=None, mel_scale="htk"}, which the Mix2 recipe uses.
 */
public final class MelFilterbank {

    private MelFilterbank() {
    }

    public static double hzToMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    public static double melToHz(double mel) {
        return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }

    /** Weights as [mel band][frequency bin]. */
    public static float[][] weights(FeatureConfig config) {
        int bins = config.frequencyBins();
        int mels = config.nMels();
        double[] binHz = new double[bins];
        for (int k = 0; k < bins; k++) {
            binHz[k] = (double) k * config.sampleRateHz() / config.nFft();
        }
        double melMin = hzToMel(config.fMinHz());
        double melMax = hzToMel(config.fMaxHz());
        double[] edgesHz = new double[mels + 2];
        for (int i = 0; i < edgesHz.length; i++) {
            edgesHz[i] = melToHz(melMin + (melMax - melMin) * i / (mels + 1));
        }
        float[][] w = new float[mels][bins];
        for (int m = 0; m < mels; m++) {
            double lower = edgesHz[m];
            double centre = edgesHz[m + 1];
            double upper = edgesHz[m + 2];
            for (int k = 0; k < bins; k++) {
                double rising = (binHz[k] - lower) / (centre - lower);
                double falling = (upper - binHz[k]) / (upper - centre);
                w[m][k] = (float) Math.max(0.0, Math.min(rising, falling));
            }
        }
        return w;
    }
}
