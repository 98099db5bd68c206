package io.chorus.trainer.evaluation;

import io.chorus.model.inference.WindowClassifier;
import io.chorus.trainer.data.LabeledClip;
import java.util.ArrayList;
import java.util.List;

/** Runs a classifier over clips in batches; the same path for validation, test and `evaluate`. */
public final class Scoring {

    private Scoring() {
    }

    public static float[][] scores(WindowClassifier classifier, List<LabeledClip> clips, int batchSize) {
        float[][] out = new float[clips.size()][];
        for (int from = 0; from < clips.size(); from += batchSize) {
            List<float[]> windows = new ArrayList<>();
            int to = Math.min(clips.size(), from + batchSize);
            for (int i = from; i < to; i++) {
                windows.add(clips.get(i).audio());
            }
            float[][] batch = classifier.scores(windows);
            System.arraycopy(batch, 0, out, from, batch.length);
        }
        return out;
    }

    public static int[][] labels(List<LabeledClip> clips) {
        int[][] out = new int[clips.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = clips.get(i).labels();
        }
        return out;
    }
}
