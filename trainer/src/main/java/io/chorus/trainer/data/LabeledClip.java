package io.chorus.trainer.data;

/**
 * One training or test example: a window of audio at the model rate and its multi-hot labels.
 *
 * @param id        sample name (AnuraSet: {@code <fname>_<min_t>_<max_t>})
 * @param recording recording it was cut from; splits never separate clips of one recording
 * @param site      site of the recording
 * @param subset    train or test
 * @param audio     mono samples at the model rate, exactly one window long
 * @param labels    0/1 per species, in the data set's label order
 */
public record LabeledClip(String id, String recording, String site, String subset, float[] audio, int[] labels) {

    public int speciesPresent() {
        int n = 0;
        for (int v : labels) {
            n += v;
        }
        return n;
    }
}
