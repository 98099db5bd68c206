package io.chorus.stream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.audio.pcm.PcmSamples;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.features.Resampler;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.stream.windows.AudioWindow;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentWindowsTest {

    private static final int RATE = 22_050;
    /** Hop 256: a window shares frames with the window two seconds back as well as one. */
    private static final FeatureConfig FEATURES = new FeatureConfig(16_000, 3.0, 1.0, 512, 256, 64, 0.0, 8_000.0);
    private static final float[] STREAM = noise(12 * RATE, 7);

    private static float[] noise(int n, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.2 * rng.nextGaussian());
        }
        return x;
    }

    /** The 3-s window of {@code stream} that starts at {@code second}, as 16-bit PCM. */
    private static AudioWindow window(String recorder, float[] stream, int second) {
        AudioWindow w = new AudioWindow();
        w.recorderId = recorder;
        w.startMicros = second * 1_000_000L;
        w.endMicros = w.startMicros + 3_000_000L;
        w.sampleRateHz = RATE;
        w.pcm = PcmSamples.encode16(Arrays.copyOfRange(stream, second * RATE, (second + 3) * RATE));
        w.pcmBytesPerSample = 2;
        return w;
    }

    /** Stand-in frames: distinct per window, so a test can tell whose frames were offered. */
    private static float[] decibels(int second) {
        float[] d = new float[FEATURES.nMels() * FEATURES.frames()];
        Arrays.fill(d, -second);
        return d;
    }

    /** Equal bit for bit; a failure names the first differing index, not tens of thousands of samples. */
    private static void assertSameSamples(float[] actual, float[] expected, String what) {
        assertThat(actual.length).as(what + ": length").isEqualTo(expected.length);
        int at = Arrays.mismatch(actual, expected);
        assertThat(at).as(what + ": first differing sample (at it %s, expected %s)",
                at < 0 ? "-" : actual[at], at < 0 ? "-" : expected[at]).isEqualTo(-1);
    }

    @Test
    void everyWindowOfAStreamIsResampledBitForBitAsAWholeWindowAndOffersTheWindowsBeforeIt() {
        RecentWindows recent = new RecentWindows();
        RecentWindows.Slot[] slots = {new RecentWindows.Slot(), new RecentWindows.Slot()};
        float[][] modelWindows = new float[10][];
        for (int s = 0; s < 10; s++) {
            AudioWindow w = window("r1", STREAM, s);
            RecentWindows.Prepared p = recent.prepare(w, FEATURES, slots[s % 2]);
            float[] expected = Resampler.toModelWindow(w.samples(), RATE, FEATURES);
            assertSameSamples(p.request().samples(), expected, "window " + s);
            modelWindows[s] = expected;
            assertThat(p.request().earlier()).as("earlier windows offered to window %d", s).hasSize(Math.min(s, 2));
            for (WindowClassifier.Earlier e : p.request().earlier()) {
                int back = e.shiftSamples() / FEATURES.sampleRateHz();
                assertThat(e.shiftSamples()).isEqualTo(back * FEATURES.sampleRateHz());
                assertSameSamples(e.frames().samples(), modelWindows[s - back], "window " + (s - back) + "'s samples offered to " + s);
                assertSameSamples(e.frames().decibels(), decibels(s - back), "window " + (s - back) + "'s frames offered to " + s);
            }
            recent.remember(w, FEATURES, p.output(), decibels(s));
        }
    }

    @Test
    void aSlotResamplesIntoTheSameBuffersWindowAfterWindow() {
        RecentWindows recent = new RecentWindows();
        RecentWindows.Slot slot = new RecentWindows.Slot();
        float[] first = recent.prepare(window("r1", STREAM, 0), FEATURES, slot).request().samples();
        recent.remember(window("r1", STREAM, 0), FEATURES, first, decibels(0));
        RecentWindows.Prepared second = recent.prepare(window("r1", STREAM, 1), FEATURES, slot);
        recent.remember(window("r1", STREAM, 1), FEATURES, second.output(), decibels(1));
        RecentWindows.Prepared third = recent.prepare(window("r1", STREAM, 2), FEATURES, slot);
        assertThat(second.request().samples()).isSameAs(first);
        assertThat(third.request().samples()).isSameAs(first);
        assertThat(third.request().earlier()).hasSize(2);
        // The offered frames are the slot's copies, not the recorder's entry.
        RecentWindows.Prepared again = recent.prepare(window("r1", STREAM, 2), FEATURES, slot);
        assertThat(again.request().earlier().get(0).frames().samples()).isSameAs(third.request().earlier().get(0).frames().samples());
    }

    @Test
    void aPreparedWindowKeepsItsEarlierFramesWhileAnotherWorkerRemembersALaterWindow() {
        RecentWindows recent = new RecentWindows();
        for (int s = 0; s < 2; s++) {
            RecentWindows.Prepared p = recent.prepare(window("r1", STREAM, s), FEATURES, new RecentWindows.Slot());
            recent.remember(window("r1", STREAM, s), FEATURES, p.output(), decibels(s));
        }
        RecentWindows.Prepared preparedFor2 = recent.prepare(window("r1", STREAM, 2), FEATURES, new RecentWindows.Slot());
        float[] offered = preparedFor2.request().earlier().get(0).frames().samples().clone();
        // Meanwhile another worker scores windows 2 and 3 and remembers them, rotating the entry's buffers.
        for (int s = 2; s < 4; s++) {
            RecentWindows.Prepared p = recent.prepare(window("r1", STREAM, s), FEATURES, new RecentWindows.Slot());
            recent.remember(window("r1", STREAM, s), FEATURES, p.output(), decibels(s));
        }
        assertSameSamples(preparedFor2.request().earlier().get(0).frames().samples(), offered, "window 1's samples offered to 2");
        assertSameSamples(preparedFor2.request().earlier().get(0).frames().decibels(), decibels(1), "window 1's frames offered to 2");
    }

    @Test
    void anOlderWindowDoesNotReplaceTheLatestAndAnotherFrontEndsWindowsAreNotOffered() {
        RecentWindows recent = new RecentWindows();
        RecentWindows.Slot slot = new RecentWindows.Slot();
        for (int s : new int[] {0, 1, 3, 2}) { // window 2 is scored after 3 (another worker was slower)
            RecentWindows.Prepared p = recent.prepare(window("r1", STREAM, s), FEATURES, slot);
            recent.remember(window("r1", STREAM, s), FEATURES, p.output(), decibels(s));
        }
        RecentWindows.Prepared fourth = recent.prepare(window("r1", STREAM, 4), FEATURES, slot);
        assertThat(fourth.request().earlier()).extracting(e -> e.shiftSamples() / FEATURES.sampleRateHz()).containsExactly(1, 3);
        assertSameSamples(fourth.request().samples(), Resampler.toModelWindow(window("r1", STREAM, 4).samples(), RATE, FEATURES), "window 4");

        FeatureConfig other = new FeatureConfig(16_000, 3.0, 1.0, 512, 128, 64, 0.0, 8_000.0);
        RecentWindows.Prepared withOther = recent.prepare(window("r1", STREAM, 4), other, slot);
        assertThat(withOther.request().earlier()).isEmpty();
        assertThat(recent.prepare(window("r2", STREAM, 4), FEATURES, slot).request().earlier()).as("another recorder").isEmpty();
    }

    @Test
    void aWindowWhoseOverlapDiffersFromTheLatestIsResampledWhole() {
        RecentWindows recent = new RecentWindows();
        RecentWindows.Slot slot = new RecentWindows.Slot();
        RecentWindows.Prepared p = recent.prepare(window("r1", STREAM, 0), FEATURES, slot);
        recent.remember(window("r1", STREAM, 0), FEATURES, p.output(), decibels(0));
        float[] edited = STREAM.clone();
        edited[2 * RATE] = 0.9f; // inside the overlap of windows 0 and 1
        AudioWindow next = window("r1", edited, 1);
        assertSameSamples(recent.prepare(next, FEATURES, slot).request().samples(),
                Resampler.toModelWindow(next.samples(), RATE, FEATURES), "the edited window");
    }
}
