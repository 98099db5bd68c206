package io.chorus.trainer.mixing;

import io.chorus.model.network.MobileNetV3.Boundary;
import java.util.List;

/**
 * The knobs of the mixers, defaults from the Mix2 recipe.
 *
 * @param mix2Manifold   probability that a Mix2 step uses Manifold Mixup (1/2)
 * @param mix2MultiMix   probability that a Mix2 step uses MultiMix (1/4); Mixup gets the rest
 * @param manifoldLayers where Manifold Mixup may mix (the paper: the embedding only)
 * @param multiMixRows   MultiMix interpolations per step (128)
 * @param multiMixAlpha  MultiMix Dirichlet concentration per batch element (0.2)
 */
public record MixerSettings(double mix2Manifold, double mix2MultiMix, List<Boundary> manifoldLayers, int multiMixRows,
                            double multiMixAlpha) {

    public static MixerSettings defaults() {
        return new MixerSettings(0.5, 0.25, ManifoldMixup.PAPER_LAYERS, MultiMix.DEFAULT_INTERPOLATIONS, MultiMix.DEFAULT_ALPHA);
    }
}
