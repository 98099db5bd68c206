package io.chorus.audio.synthetic;

/**
 * One call in a synthetic recording: the ground truth.
 *
 * @param species      species code
 * @param startSeconds start within the recording, seconds
 * @param endSeconds   end within the recording, seconds
 * @param snrDb        level of the call over the recording's background RMS, dB
 */
public record CallEvent(String species, double startSeconds, double endSeconds, double snrDb) {

    /** AnuraSet's rule: a clip is positive when any part of a call falls inside it. */
    public boolean overlaps(double from, double to) {
        return startSeconds < to && endSeconds > from;
    }
}
