package io.chorus.stream.review;

import io.chorus.stream.inference.ScoredWindow;

/**
 * Why a scored window may go to an expert, before any budget: a detected rare or priority species
 * (the best-scoring one), otherwise a best score inside the uncertainty band. The sampler and the
 * filter in front of its keyBy both ask this one rule, so the filter only removes windows the
 * sampler would have ignored.
 *
 * @param label index of the label the reason is about
 */
public record ReviewCandidate(Reason reason, int label) {

    public enum Reason { RARE_SPECIES, UNCERTAIN }

    /** The window's reason to be reviewed, or null when it has none. */
    public static ReviewCandidate of(ScoredWindow w, ReviewSettings settings) {
        int rare = bestFlaggedDetection(w);
        if (rare >= 0) {
            return new ReviewCandidate(Reason.RARE_SPECIES, rare);
        }
        int best = w.best();
        return settings.uncertain(w.scores[best]) ? new ReviewCandidate(Reason.UNCERTAIN, best) : null;
    }

    private static int bestFlaggedDetection(ScoredWindow w) {
        int pick = -1;
        for (int i = 0; i < w.scores.length; i++) {
            if (w.flagged[i] && w.detected(i) && (pick < 0 || w.scores[i] > w.scores[pick])) {
                pick = i;
            }
        }
        return pick;
    }
}
