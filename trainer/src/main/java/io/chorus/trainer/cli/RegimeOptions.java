package io.chorus.trainer.cli;

import io.chorus.trainer.training.SpecAugment;
import io.chorus.trainer.training.TrainConfig;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The training regime around the mixer (a picocli mixin shared by train, serve and benchmark):
 * SpecAugment and decision thresholds. Defaults are what the data-size study measured best
 * (docs/BENCHMARKS.md §1c).
 */
public class RegimeOptions {

    @Option(names = "--spec-augment", defaultValue = TrainConfig.DEFAULT_SPEC_AUGMENT,
            description = "SpecAugment: off, per-batch (the recipe's: one shift and set of masks per batch) or per-example; "
                    + "mask widths are the recipe's shares of the input. Default: ${DEFAULT-VALUE}")
    String specAugment;

    @Option(names = "--thresholds", defaultValue = "tuned",
            description = "Decision thresholds the model serves: tuned (per class on validation; the epoch is chosen at them) "
                    + "or fixed (0.5). Default: ${DEFAULT-VALUE}")
    String thresholds;

    TrainConfig.Regime regime() {
        return new TrainConfig.Regime(specAugmentMode(), tuneThresholds());
    }

    SpecAugment.Mode specAugmentMode() {
        return SpecAugment.Mode.parse(specAugment);
    }

    boolean tuneThresholds() {
        return switch (thresholds.trim().toLowerCase(Locale.ROOT)) {
            case "tuned" -> true;
            case "fixed", "0.5" -> false;
            default -> throw new IllegalArgumentException("--thresholds must be tuned or fixed, got '" + thresholds + "'");
        };
    }
}
