package io.chorus.trainer.retrain;

import io.chorus.trainer.data.LabeledClip;
import io.chorus.trainer.training.Splits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A round's data. The hold-out is the base set's test split plus a frozen share of the reviewed
 * clips: a reviewed recording belongs to the hold-out by a hash of its name, so it stays there in
 * every later round and no model ever trains on it. The other reviewed clips are split into train
 * and validation by recording, like the base set's train split, and repeated
 * {@code reviewedRepeat} times in training so a few hundred expert clips are not drowned by a
 * base set of tens of thousands.
 */
public record RoundData(List<LabeledClip> train, List<LabeledClip> validation, List<LabeledClip> holdOut, Map<String, Integer> counts) {

    /** The curated part of the hold-out: the base set's test split (it comes first). */
    public int curatedHoldOutSize() {
        return counts.get("baseHoldOut");
    }

    public static RoundData assemble(List<LabeledClip> baseTrain, List<LabeledClip> baseTest, List<LabeledClip> reviewed,
                                     double holdOutShare, double validationFraction, int reviewedRepeat, long seed) {
        Splits.Split base = Splits.byRecording(baseTrain, validationFraction, seed);
        List<LabeledClip> reviewedHoldOut = new ArrayList<>();
        List<LabeledClip> reviewedRest = new ArrayList<>();
        for (LabeledClip c : reviewed) {
            (inFrozenHoldOut(c.recording(), holdOutShare) ? reviewedHoldOut : reviewedRest).add(c);
        }
        long recordings = reviewedRest.stream().map(LabeledClip::recording).distinct().count();
        Splits.Split fresh = recordings >= 2 ? Splits.byRecording(reviewedRest, validationFraction, seed)
                : new Splits.Split(List.copyOf(reviewedRest), List.of());
        List<LabeledClip> train = new ArrayList<>(base.train());
        for (int r = 0; r < reviewedRepeat; r++) {
            train.addAll(fresh.train());
        }
        List<LabeledClip> validation = new ArrayList<>(base.validation());
        validation.addAll(fresh.validation());
        List<LabeledClip> holdOut = new ArrayList<>(baseTest);
        holdOut.addAll(reviewedHoldOut);
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("baseTrain", base.train().size());
        counts.put("baseValidation", base.validation().size());
        counts.put("baseHoldOut", baseTest.size());
        counts.put("reviewedTrain", fresh.train().size());
        counts.put("reviewedValidation", fresh.validation().size());
        counts.put("reviewedHoldOut", reviewedHoldOut.size());
        return new RoundData(List.copyOf(train), List.copyOf(validation), List.copyOf(holdOut), counts);
    }

    /** Whether a reviewed recording is in the frozen hold-out share; depends on its name only. */
    public static boolean inFrozenHoldOut(String recording, double share) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(recording.getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 7; i++) {
                bits = (bits << 8) | (h[i] & 0xFF);
            }
            return bits / (double) (1L << 56) < share;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
