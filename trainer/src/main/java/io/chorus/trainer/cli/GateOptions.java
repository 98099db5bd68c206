package io.chorus.trainer.cli;

import io.chorus.trainer.gate.PromotionGate;
import picocli.CommandLine.Option;

/** The promotion gate's settings (a picocli mixin shared by serve and gate-sizing). */
public class GateOptions {

    @Option(names = "--gate-epsilon", defaultValue = "0.01",
            description = "Promote only when the lower end of the interval of Δ macro F1 (challenger − champion) is >= −this; "
                    + "reject when its upper end is below −this. Default: ${DEFAULT-VALUE}")
    double epsilon;

    @Option(names = "--gate-rare-delta", defaultValue = "0.02",
            description = "Reject when the interval of Δ rare-group macro F1 lies wholly below −this. Default: ${DEFAULT-VALUE}")
    double delta;

    @Option(names = "--gate-class-gamma", defaultValue = "0.05",
            description = "Reject when a class's Δ F1 interval lies wholly below −this (a significant regression). Default: ${DEFAULT-VALUE}")
    double gamma;

    @Option(names = "--gate-confidence", defaultValue = "0.95",
            description = "Level of the two-sided bootstrap intervals. Default: ${DEFAULT-VALUE}")
    double confidence;

    @Option(names = "--gate-resamples", defaultValue = "1000",
            description = "Bootstrap resamples of hold-out recordings (seeded with --seed). Default: ${DEFAULT-VALUE}")
    int resamples;

    @Option(names = "--gate-min-recordings", defaultValue = "5",
            description = "A hold-out with fewer recordings decides nothing (the round is inconclusive). Default: ${DEFAULT-VALUE}")
    int minRecordings;

    PromotionGate gate() {
        return new PromotionGate(epsilon, delta, gamma, confidence, resamples, minRecordings);
    }
}
