package io.chorus.trainer.cli;

import io.chorus.model.device.DeviceChoice;
import io.chorus.model.network.Architecture;
import io.chorus.trainer.mixing.MixerChoice;
import io.chorus.trainer.training.TrainConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How to train (a picocli mixin shared by train and serve): the Mix2 recipe's schedule and optimiser; mixer and regime as the data-size study found best. */
public class TrainingOptions {

    @Option(names = "--mix", defaultValue = TrainConfig.DEFAULT_MIXER,
            description = "none, mixup, manifold, multimix, mix2 or auto (by training clips: none below "
            + MixerChoice.AUTO_MIX2_FROM_CLIPS + ", where no mixing won our study; Mix2 from there, the paper's regime; "
            + "docs/BENCHMARKS.md §1c). Default: ${DEFAULT-VALUE}")
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
        return new TrainConfig(Architecture.parse(arch), features.config(), new TrainConfig.Mix(mix, mixing.settings()),
                new TrainConfig.Optimization(epochs, batchSize, lr, weightDecay), regime.regime(), seed, valFraction,
                DeviceChoice.parse(device).resolve());
    }
}
