package io.chorus.trainer.training;

import ai.djl.Device;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.network.Architecture;
import io.chorus.trainer.mixing.MixerSettings;

/**
 * One training run's settings. Defaults follow the recipe (AdamW, lr 1e-2, cosine per epoch,
 * batch 128); weight decay is PyTorch AdamW's default, 0.01.
 *
 * @param mixing             mixer knobs (Mix2 probabilities, Manifold layers, MultiMix rows and alpha)
 * @param validationFraction share of the training recordings held out for choosing the epoch
 * @param specAugment        SpecAugment off, per batch (the recipe's) or per example
 * @param tuneThresholds     serve per-class thresholds tuned on validation (else 0.5), and choose the epoch at them
 */
public record TrainConfig(Architecture architecture, String mixer, MixerSettings mixing, int epochs, int batchSize, float learningRate,
                          float weightDecay, long seed, double validationFraction, SpecAugment.Mode specAugment,
                          boolean tuneThresholds, FeatureConfig features, Device device) {

    /**
     * The mixer of train, serve and the local run unless told otherwise: chosen by training clips
     * ({@link io.chorus.trainer.mixing.MixerChoice}), as the data-size study found (docs/BENCHMARKS.md §1c).
     */
    public static final String DEFAULT_MIXER = "auto";

    /** SpecAugment of train, serve, benchmark and the local run unless told otherwise (docs/BENCHMARKS.md §1c). */
    public static final String DEFAULT_SPEC_AUGMENT = "per-batch";

    /** The same settings with another mixer (how {@code --mix auto} becomes a concrete one). */
    public TrainConfig withMixer(String name) {
        return new TrainConfig(architecture, name, mixing, epochs, batchSize, learningRate, weightDecay, seed, validationFraction,
                specAugment, tuneThresholds, features, device);
    }

    public TrainConfig {
        if (epochs < 1 || batchSize < 2) {
            throw new IllegalArgumentException("need epochs >= 1 and batch size >= 2 (batch norm), got " + epochs + ", " + batchSize);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
    }
}
