package io.chorus.stream.inference;

import io.chorus.model.features.FeatureConfig;
import io.chorus.model.features.Resampler;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.stream.windows.AudioWindow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each recorder's latest scored windows, so that the next window resamples only its new second and
 * reuses the frames it shares with them. Consecutive windows of a recorder share most of their
 * audio, so most of the resampling and framing is reused.
 *
 * <p>Why buffers and copies rather than keeping each window's arrays: a recorder's entry lives for
 * the whole run in buffers allocated once, and every window copies into them (~0.4 MB per window,
 * microseconds). Keeping each window's own arrays instead made ~0.6 MB per recorder per second that
 * lived just long enough to be copied by every young collection and promoted, then died in the old
 * generation: most of the collector's work at full load. A window is prepared into a {@link Slot}
 * of its worker (a copy of what it reads from the entry, so no lock is held while it is scored), and
 * its result is copied into the entry; both under the entry's monitor, because two workers may hold
 * windows of the same recorder.
 */
final class RecentWindows {

    /** Bounded by the fleet: one entry per recorder, cleared if it ever grows past this. */
    private static final int MAX_RECORDERS = 20_000;
    private final ConcurrentHashMap<String, Entry> byRecorder = new ConcurrentHashMap<>();

    /**
     * A recorder's latest scored window (its PCM, to check the next window's overlap; its audio at the
     * model rate and its frames) and its frames of the window before it: at a hop of 256 samples a
     * window shares frames with the one two seconds back, not one (16,000 / 256 is not whole).
     * Every field is guarded by the entry's monitor.
     */
    private static final class Entry {
        FeatureConfig features; // null until the first window
        long startMicros;
        int sampleRateHz;
        int pcmBytesPerSample;
        byte[] pcm;
        float[] output; // at the model rate, before fitting to the window (what the resampler continues from)
        float[] decibels;
        boolean hasPrevious;
        long previousStartMicros;
        float[] previousOutput;
        float[] previousDecibels;
    }

    /** A window made ready for the model: its audio at the model rate before fitting (what {@link #remember} keeps) and its request. */
    record Prepared(float[] output, WindowClassifier.Request request) {
    }

    /** A worker's buffers for one window of its batch; reused batch after batch. */
    static final class Slot {
        private float[] input;
        private float[] output;
        private final float[][] earlierSamples = new float[2][];
        private final float[][] earlierDecibels = new float[2][];
    }

    /**
     * The window at the model rate, exactly as {@link Resampler#toModelWindow} makes it, with the
     * recorder's earlier windows whose frames it may share. Frames are offered only from windows
     * computed with the same front end (a swapped-in model may use another). The request's arrays
     * belong to {@code slot}: valid until the slot prepares its next window.
     */
    Prepared prepare(AudioWindow w, FeatureConfig features, Slot slot) {
        Resampler resampler = Resampler.between(w.sampleRateHz, features.sampleRateHz());
        float[] samples = slot.input = w.samples(slot.input);
        float[] out;
        List<WindowClassifier.Earlier> earlier = new ArrayList<>(2);
        Entry e = byRecorder.get(w.recorderId);
        if (e == null) {
            out = resampler.apply(samples, slot.output);
        } else {
            synchronized (e) {
                if (features.equals(e.features) && e.startMicros < w.startMicros) {
                    int shift = wholeSamples(w.startMicros - e.startMicros, w.sampleRateHz);
                    out = shift > 0 && shift < samples.length && sameOverlap(w, e, shift)
                            ? resampler.applyAfterSameOverlap(samples, e.output, shift, slot.output)
                            : resampler.apply(samples, slot.output);
                    offer(earlier, slot, 0, e.output, e.decibels, w.startMicros - e.startMicros, features);
                    if (e.hasPrevious) {
                        offer(earlier, slot, 1, e.previousOutput, e.previousDecibels, w.startMicros - e.previousStartMicros, features);
                    }
                } else {
                    out = resampler.apply(samples, slot.output);
                }
            }
        }
        if (out != samples) {
            slot.output = out; // keep the input buffer apart: equal rates return the input itself
        }
        return new Prepared(out, new WindowClassifier.Request(Resampler.fitToWindow(out, features), earlier));
    }

    /**
     * Keeps a scored window as its recorder's latest, unless a later one is already there (another
     * worker's); the window before it moves back one place.
     */
    void remember(AudioWindow w, FeatureConfig features, float[] output, float[] decibels) {
        if (byRecorder.size() > MAX_RECORDERS) {
            byRecorder.clear();
        }
        Entry e = byRecorder.computeIfAbsent(w.recorderId, id -> new Entry());
        synchronized (e) {
            boolean same = features.equals(e.features);
            if (same && e.startMicros >= w.startMicros) {
                return;
            }
            if (same) {
                float[] o = e.previousOutput;
                e.previousOutput = e.output;
                e.output = o;
                float[] d = e.previousDecibels;
                e.previousDecibels = e.decibels;
                e.decibels = d;
                e.previousStartMicros = e.startMicros;
            }
            e.hasPrevious = same;
            e.features = features;
            e.startMicros = w.startMicros;
            e.sampleRateHz = w.sampleRateHz;
            e.pcmBytesPerSample = w.pcmBytesPerSample;
            e.pcm = copy(w.pcm, e.pcm);
            e.output = copy(output, e.output);
            e.decibels = copy(decibels, e.decibels);
        }
    }

    /**
     * Whether the window starts with the previous window's last samples, compared as PCM bytes:
     * equal bytes decode to equal samples, and the PCM (half the size of floats for 16-bit audio) is
     * what the entry keeps.
     */
    private static boolean sameOverlap(AudioWindow w, Entry e, int shift) {
        int b = w.pcmBytesPerSample;
        return e.sampleRateHz == w.sampleRateHz && e.pcmBytesPerSample == b && e.pcm.length == w.pcm.length
                && Arrays.equals(w.pcm, 0, w.pcm.length - shift * b, e.pcm, shift * b, e.pcm.length);
    }

    /** Offers an earlier window's frames, copied into the slot's place {@code k}, when its start is a whole number of samples back. */
    private static void offer(List<WindowClassifier.Earlier> earlier, Slot slot, int k, float[] output, float[] decibels,
                              long deltaMicros, FeatureConfig features) {
        int shift = wholeSamples(deltaMicros, features.sampleRateHz());
        if (output == null || shift <= 0) {
            return;
        }
        int n = features.windowSamples();
        float[] samples = slot.earlierSamples[k] = buffer(slot.earlierSamples[k], n);
        // As Resampler.fitToWindow would: trimmed or zero-padded at the end.
        int kept = Math.min(n, output.length);
        System.arraycopy(output, 0, samples, 0, kept);
        Arrays.fill(samples, kept, n, 0f);
        slot.earlierDecibels[k] = copy(decibels, slot.earlierDecibels[k]);
        earlier.add(new WindowClassifier.Earlier(new WindowClassifier.WindowFrames(samples, slot.earlierDecibels[k]), shift));
    }

    /** A time step as a whole number of samples at a rate; -1 when it is not whole (or too long to matter). */
    private static int wholeSamples(long deltaMicros, int rateHz) {
        long scaled = deltaMicros * rateHz;
        return scaled % 1_000_000L == 0 && scaled / 1_000_000L <= Integer.MAX_VALUE ? (int) (scaled / 1_000_000L) : -1;
    }

    private static float[] buffer(float[] b, int n) {
        return b != null && b.length == n ? b : new float[n];
    }

    private static float[] copy(float[] from, float[] into) {
        float[] to = buffer(into, from.length);
        System.arraycopy(from, 0, to, 0, from.length);
        return to;
    }

    private static byte[] copy(byte[] from, byte[] into) {
        byte[] to = into != null && into.length == from.length ? into : new byte[from.length];
        System.arraycopy(from, 0, to, 0, from.length);
        return to;
    }
}
