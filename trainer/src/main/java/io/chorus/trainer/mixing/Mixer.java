package io.chorus.trainer.mixing;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import io.chorus.model.network.MobileNetV3;
import java.util.Random;

/**
 * A mixing strategy: runs the training forward pass of one batch with its mixing and returns
 * logits and mixed targets. Targets are mixed per example as soft multi-label vectors,
 * λ·y_a + (1−λ)·y_b (the exact per-example form; the official code's λ·BCE(y_a) + (1−λ)·BCE(y_b)
 * with a scalar BCE amounts to the batch-mean λ).
 */
public interface Mixer {

    String name();

    MixedBatch forward(MobileNetV3 net, ParameterStore ps, NDArray spectrograms, NDArray targets, Random rng);

    /** Builds a mixer by its CLI name (none, mixup, manifold, multimix, mix2) with the recipe's settings. */
    static Mixer named(String name) {
        return named(name, MixerSettings.defaults());
    }

    /** Builds a mixer by its CLI name with the given settings. */
    static Mixer named(String name, MixerSettings s) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> new NoMixing();
            case "mixup" -> new InputMixup();
            case "manifold" -> new ManifoldMixup(s.manifoldLayers());
            case "multimix" -> new MultiMix(s.multiMixRows(), s.multiMixAlpha());
            case "mix2" -> new Mix2(s.mix2Manifold(), s.mix2MultiMix(), new ManifoldMixup(s.manifoldLayers()),
                    new MultiMix(s.multiMixRows(), s.multiMixAlpha()), new InputMixup());
            case "auto" -> throw new IllegalArgumentException("--mix auto is resolved by MixerChoice before a mixer is built");
            default -> throw new IllegalArgumentException("--mix must be none, mixup, manifold, multimix, mix2 or auto, got '" + name + "'");
        };
    }
}
