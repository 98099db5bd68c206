package io.chorus.trainer.cli;

import io.chorus.model.network.MobileNetV3.Boundary;
import io.chorus.trainer.mixing.ManifoldMixup;
import io.chorus.trainer.mixing.MixerSettings;
import picocli.CommandLine.Option;

/** Mixer knobs (a picocli mixin); defaults are the Mix2 recipe's. */
public class MixingOptions {

    @Option(names = "--mix2-manifold", defaultValue = "0.5",
            description = "Mix2: probability of a Manifold Mixup step. Default: ${DEFAULT-VALUE}")
    double mix2Manifold;

    @Option(names = "--mix2-multimix", defaultValue = "0.25",
            description = "Mix2: probability of a MultiMix step; Mixup gets the rest. Default: ${DEFAULT-VALUE}")
    double mix2MultiMix;

    @Option(names = "--manifold-layers", defaultValue = "embedding",
            description = "Where Manifold Mixup mixes: embedding (the paper) or verma (input, after stage 1, after stage 2). "
                    + "Default: ${DEFAULT-VALUE}")
    String manifoldLayers;

    @Option(names = "--multimix-rows", defaultValue = "128", description = "MultiMix interpolations per step. Default: ${DEFAULT-VALUE}")
    int multiMixRows;

    @Option(names = "--multimix-alpha", defaultValue = "0.2",
            description = "MultiMix Dirichlet concentration per batch element. Default: ${DEFAULT-VALUE}")
    double multiMixAlpha;

    MixerSettings settings() {
        java.util.List<Boundary> layers = switch (manifoldLayers.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "embedding" -> ManifoldMixup.PAPER_LAYERS;
            case "verma" -> ManifoldMixup.VERMA_LAYERS;
            default -> throw new IllegalArgumentException("--manifold-layers must be embedding or verma, got '" + manifoldLayers + "'");
        };
        return new MixerSettings(mix2Manifold, mix2MultiMix, layers, multiMixRows, multiMixAlpha);
    }
}
