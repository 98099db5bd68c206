package io.chorus.trainer.training;

import ai.djl.Device;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.network.Architecture;
import io.chorus.trainer.mixing.MixerSettings;

/**
 * One training run's settings. Defaults follow the recipe (AdamW, lr 1e-2, cosine per epoch,
 * batch 128); weight decay is PyTorch AdamW's default, 0.01.
 *
 * @param mix                which mixer and its knobs
 * @param optimization       epochs, batch size, AdamW's learning rate and weight decay
 * @param regime             SpecAugment and decision thresholds around the mixer
 * @param validationFraction share of the training recordings held out for choosing the epoch
 */
public record TrainConfig(Architecture architecture, FeatureConfig features, Mix mix, Optimization optimization, Regime regime,
                          long seed, double validationFraction, Device device) {

    /**
     * The mixer of train, serve and the local run unless told otherwise: chosen by training clips
     * ({@link io.chorus.trainer.mixing.MixerChoice}), as the data-size study found (docs/BENCHMARKS.md §1c).
     */
    public static final String DEFAULT_MIXER = "auto";

    /** SpecAugment of train, serve, benchmark and the local run unless told otherwise (docs/BENCHMARKS.md §1c). */
    public static final String DEFAULT_SPEC_AUGMENT = "per-batch";

    /**
     * @param mixer    none, mixup, manifold, multimix, mix2 or auto
     * @param settings mixer knobs (Mix2 probabilities, Manifold layers, MultiMix rows and alpha)
     */
    public record Mix(String mixer, MixerSettings settings) {
    }

    /** AdamW with a cosine schedule per epoch. */
    public record Optimization(int epochs, int batchSize, float learningRate, float weightDecay) {

        public Optimization {
            if (epochs < 1 || batchSize < 2) {
                throw new IllegalArgumentException("need epochs >= 1 and batch size >= 2 (batch norm), got " + epochs + ", " + batchSize);
            }
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
            }
        }

        /** The same optimiser for another schedule (a warm start: fewer epochs, a gentler peak). */
        public Optimization withSchedule(int newEpochs, float newLearningRate) {
            return new Optimization(newEpochs, batchSize, newLearningRate, weightDecay);
        }
    }

    /**
     * @param specAugment    SpecAugment off, per batch (the recipe's) or per example
     * @param tuneThresholds serve per-class thresholds tuned on validation (else 0.5), and choose the epoch at them
     */
    public record Regime(SpecAugment.Mode specAugment, boolean tuneThresholds) {
    }

    public TrainConfig {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
    }

    /** The same settings with another mixer (how {@code --mix auto} becomes a concrete one). */
    public TrainConfig withMixer(String name) {
        return new TrainConfig(architecture, features, new Mix(name, mix.settings()), optimization, regime, seed, validationFraction, device);
    }

    /** The same settings with another optimisation schedule, architecture and front end (a round keeps the champion's). */
    public TrainConfig forRound(Architecture a, FeatureConfig f, Optimization o) {
        return new TrainConfig(a, f, mix, o, regime, seed, validationFraction, device);
    }

    public String mixer() {
        return mix.mixer();
    }

    public MixerSettings mixing() {
        return mix.settings();
    }

    public int epochs() {
        return optimization.epochs();
    }

    public int batchSize() {
        return optimization.batchSize();
    }

    public float learningRate() {
        return optimization.learningRate();
    }

    public float weightDecay() {
        return optimization.weightDecay();
    }

    public SpecAugment.Mode specAugment() {
        return regime.specAugment();
    }

    public boolean tuneThresholds() {
        return regime.tuneThresholds();
    }
}
