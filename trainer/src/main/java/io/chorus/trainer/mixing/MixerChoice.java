package io.chorus.trainer.mixing;

import java.util.Locale;

/**
 * The mixer a run trains with, and why. {@code --mix auto} picks by the number of training clips:
 * below {@link #AUTO_MIX2_FROM_CLIPS} no mixing (with the recipe's SpecAugment), which beat Mix2 at
 * every size our data-size study measured (1,220 and 4,900 training clips, docs/BENCHMARKS.md §1c);
 * from there Mix2, the paper's regime (tens of thousands of clips, where it gained 4 macro-F1
 * points on AnuraSet) — which we have not measured ourselves. Any other name is taken as given.
 *
 * @param mixer  the mixer's CLI name (never "auto")
 * @param reason how it was chosen, for the run's report and the release's lineage
 */
public record MixerChoice(String mixer, String reason) {

    /** Training clips from which {@code auto} picks Mix2: just past the largest set the study measured. */
    public static final int AUTO_MIX2_FROM_CLIPS = 5_000;

    public static MixerChoice of(String requested, int trainingClips) {
        String name = requested.trim().toLowerCase(Locale.ROOT);
        if (!name.equals("auto")) {
            return new MixerChoice(name, "--mix " + name);
        }
        boolean mix = trainingClips >= AUTO_MIX2_FROM_CLIPS;
        return new MixerChoice(mix ? "mix2" : "none", String.format(Locale.ROOT, "--mix auto: %d training clips, %s %,d",
                trainingClips, mix ? "at least" : "fewer than", AUTO_MIX2_FROM_CLIPS));
    }
}
