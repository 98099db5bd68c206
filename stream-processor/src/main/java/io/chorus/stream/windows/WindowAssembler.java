package io.chorus.stream.windows;

import io.chorus.stream.chunks.Chunk;
import io.chorus.stream.deadletter.ReasonCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Appends a recorder's chunks, in sequence order, to its {@link RecorderStream} and cuts
 * windows in event time. Chunk lengths need not match the hop. A gap up to
 * {@link WindowSettings#maxGapFillSeconds()} is filled with silence and flagged on the windows
 * it touches; a longer gap, or a change of sample rate, ends the segment and the window being
 * built. Overlapping audio is trimmed. Pure logic: the Flink function owns ordering and state.
 */
public final class WindowAssembler {

    private final WindowSettings settings;
    private final LongSupplier clockMillis;

    public WindowAssembler(WindowSettings settings, LongSupplier clockMillis) {
        this.settings = settings;
        this.clockMillis = clockMillis;
    }

    /** What one chunk did. */
    public static final class Result {
        public final List<AudioWindow> windows = new ArrayList<>();
        /** Set when the chunk was refused: reason code and words. */
        public String rejectCode;
        public String rejectReason;
        public int gapsFilled;
        public double gapFilledSeconds;
        /** Segments ended by a gap too long to fill or a rate change (partial window dropped). */
        public int segmentsEnded;
        public int overlapsTrimmed;
    }

    public Result append(RecorderStream s, Chunk c) {
        Result r = new Result();
        s.siteId = c.siteId;
        if (s.ring != null) {
            s.liveFromRing(startIndex(s, s.nextWindowStartMicros));
        }
        float[] x = c.samples;
        if (s.segmentOpen() && c.sampleRateHz != s.sampleRateHz) {
            r.rejectCode = ReasonCodes.SAMPLE_RATE_CHANGED;
            r.rejectReason = "recorder " + c.recorderId + " chunk " + c.sequenceNumber + ": sample rate changed from "
                    + s.sampleRateHz + " Hz to " + c.sampleRateHz + " Hz in the middle of the stream; the window being "
                    + "built is dropped and the stream restarts at the new rate with the next chunk";
            endSegment(s, r);
            return r;
        }
        if (!s.segmentOpen()) {
            startSegment(s, c);
        } else {
            long delta = c.startMicros - s.positionMicros();
            if (delta > settings.toleranceMicros()) {
                long gapSamples = Math.round(delta * s.sampleRateHz / 1e6);
                if (delta <= settings.maxGapFillSeconds() * 1e6) {
                    r.gapsFilled++;
                    r.gapFilledSeconds += gapSamples / (double) s.sampleRateHz;
                    long from = s.position;
                    write(s, new float[(int) gapSamples], c, r);
                    markFilled(s, from, s.position);
                } else {
                    endSegment(s, r);
                    startSegment(s, c);
                }
            } else if (delta < -settings.toleranceMicros()) {
                int overlap = (int) Math.round(-delta * s.sampleRateHz / 1e6);
                if (overlap >= x.length) {
                    r.rejectCode = ReasonCodes.OVERLAPPING_CHUNK;
                    r.rejectReason = "recorder " + c.recorderId + " chunk " + c.sequenceNumber + " starts "
                            + (-delta / 1000) + " ms before the end of the audio already received and adds nothing new";
                    return r;
                }
                r.overlapsTrimmed++;
                x = java.util.Arrays.copyOfRange(x, overlap, x.length);
            }
        }
        write(s, x, c, r);
        pruneFilled(s);
        return r;
    }

    private void startSegment(RecorderStream s, Chunk c) {
        long hop = settings.hopMicros();
        s.sampleRateHz = c.sampleRateHz;
        s.originMicros = c.startMicros;
        s.position = 0;
        s.ringBytesPerSample = RecorderStream.exactly16Bit(c.samples, 0, c.samples.length) ? 2 : 4;
        s.live = new byte[0];
        s.ring = null;
        s.filled = new long[0];
        s.nextWindowStartMicros = Math.floorDiv(c.startMicros + hop - 1, hop) * hop;
    }

    private static void endSegment(RecorderStream s, Result r) {
        if (s.segmentOpen()) {
            r.segmentsEnded++;
        }
        s.sampleRateHz = 0;
        s.live = null;
        s.ring = null;
        s.filled = new long[0];
        s.position = 0;
    }

    /** Appends samples, emitting every window that completes on the way. */
    private void write(RecorderStream s, float[] x, Chunk c, Result r) {
        int w = settings.windowSamples(s.sampleRateHz);
        if (s.bytesPerSample() == 2 && !RecorderStream.exactly16Bit(x, 0, x.length)) {
            s.widenLive();
        }
        int off = 0;
        while (off < x.length) {
            long start = startIndex(s, s.nextWindowStartMicros);
            long end = start + w;
            int take = (int) Math.min(x.length - off, end - s.position);
            // Samples before the next window's start belong to no window.
            int skip = (int) Math.max(0, Math.min(take, start - s.position));
            s.appendLive(x, off + skip, take - skip);
            s.position += take;
            off += take;
            if (s.position == end) {
                r.windows.add(window(s, c, start));
                s.nextWindowStartMicros += settings.hopMicros();
                s.dropLive(startIndex(s, s.nextWindowStartMicros) - start);
            }
        }
    }

    /** The window of the {@code w} live samples from {@code from}: they are exactly the window, in its encoding. */
    private AudioWindow window(RecorderStream s, Chunk c, long from) {
        int w = s.liveSamples();
        AudioWindow out = new AudioWindow();
        out.recorderId = c.recorderId;
        out.siteId = s.siteId;
        out.startMicros = s.nextWindowStartMicros;
        out.endMicros = s.nextWindowStartMicros + settings.windowMicros();
        out.windowId = AudioWindow.idOf(c.recorderId, out.startMicros);
        out.sampleRateHz = s.sampleRateHz;
        out.pcmBytesPerSample = s.bytesPerSample();
        // Handed over, not copied: dropLive replaces the live array right after.
        out.pcm = s.live;
        long filledSamples = 0;
        for (int i = 0; i < s.filled.length; i += 2) {
            filledSamples += Math.max(0, Math.min(s.filled[i + 1], from + w) - Math.max(s.filled[i], from));
        }
        out.gapFilledSeconds = (float) (filledSamples / (double) s.sampleRateHz);
        out.lastChunkPublishedAtMillis = c.publishedAtMillis;
        out.assembledAtMillis = clockMillis.getAsLong();
        return out;
    }

    private static long startIndex(RecorderStream s, long timeMicros) {
        return Math.round((timeMicros - s.originMicros) * s.sampleRateHz / 1e6);
    }

    private static void markFilled(RecorderStream s, long from, long to) {
        long[] next = java.util.Arrays.copyOf(s.filled, s.filled.length + 2);
        next[s.filled.length] = from;
        next[s.filled.length + 1] = to;
        s.filled = next;
    }

    /** Drops filled ranges that no future window can touch. */
    private static void pruneFilled(RecorderStream s) {
        if (s.filled.length == 0 || s.live == null) {
            return;
        }
        long oldestNeeded = startIndex(s, s.nextWindowStartMicros);
        int keep = 0;
        long[] kept = new long[s.filled.length];
        for (int i = 0; i < s.filled.length; i += 2) {
            if (s.filled[i + 1] > oldestNeeded) {
                kept[keep++] = s.filled[i];
                kept[keep++] = s.filled[i + 1];
            }
        }
        s.filled = java.util.Arrays.copyOf(kept, keep);
    }
}
