package io.chorus.trainer.cli;

import io.chorus.model.device.DeviceChoice;
import io.chorus.model.network.Architecture;
import io.chorus.trainer.training.TrainConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How to train (a picocli mixin shared by train and serve); defaults are the Mix2 recipe's. */
public class TrainingOptions {

    @Option(names = "--mix", defaultValue = "mix2", description = "none, mixup, manifold, multimix or mix2. Default: ${DEFAULT-VALUE}")
    String mix;

    @Option(names = "--arch", defaultValue = "mobilenetv3-large-1.0", description = "mobilenetv3-large-W or mobilenetv3-small-W. Default: ${DEFAULT-VALUE}")
    String arch;

    @Option(names = "--epochs", defaultValue = "100", description = "Epochs (from scratch). Default: ${DEFAULT-VALUE}")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "Batch size. Default: ${DEFAULT-VALUE}")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.01", description = "AdamW learning rate (cosine per epoch). Default: ${DEFAULT-VALUE}")
    float lr;

    @Option(names = "--weight-decay", defaultValue = "0.01", description = "AdamW weight decay. Default: ${DEFAULT-VALUE}")
    float weightDecay;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--val-fraction", defaultValue = "0.15", description = "Share of training recordings for validation. Default: ${DEFAULT-VALUE}")
    double valFraction;

    @Mixin
    RegimeOptions regime;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu. Default: ${DEFAULT-VALUE}")
    String device;

    @Mixin
    FeatureOptions features;

    @Mixin
    MixingOptions mixing;

    TrainConfig config() {
        return new TrainConfig(Architecture.parse(arch), mix, mixing.settings(), epochs, batchSize, lr, weightDecay, seed, valFraction,
                regime.specAugmentMode(), regime.tuneThresholds(), features.config(), DeviceChoice.parse(device).resolve());
    }
}
