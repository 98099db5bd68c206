package io.chorus.trainer.training;

import io.chorus.trainer.data.LabeledClip;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/** Train/validation split by recording: the clips of one recording never end up on both sides. */
public final class Splits {

    public record Split(List<LabeledClip> train, List<LabeledClip> validation) {
    }

    private Splits() {
    }

    public static Split byRecording(List<LabeledClip> clips, double validationFraction, long seed) {
        List<String> recordings = new ArrayList<>(new TreeSet<>(clips.stream().map(LabeledClip::recording).toList()));
        if (recordings.size() < 2) {
            throw new IllegalArgumentException("need at least 2 recordings to carve a validation split, got " + recordings.size());
        }
        java.util.Collections.shuffle(recordings, new Random(seed));
        int held = Math.max(1, (int) Math.round(recordings.size() * validationFraction));
        java.util.Set<String> validation = new java.util.HashSet<>(recordings.subList(0, held));
        List<LabeledClip> train = new ArrayList<>();
        List<LabeledClip> val = new ArrayList<>();
        for (LabeledClip c : clips) {
            (validation.contains(c.recording()) ? val : train).add(c);
        }
        return new Split(List.copyOf(train), List.copyOf(val));
    }
}
