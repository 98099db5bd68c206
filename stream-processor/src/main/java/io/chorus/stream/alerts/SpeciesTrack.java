package io.chorus.stream.alerts;

import java.util.Arrays;

/**
 * Recent positive windows of one species at one site, and its cooldown. Parallel arrays so it is
 * a plain Flink POJO; at most k-of-span entries live here.
 */
public class SpeciesTrack {

    public long[] starts = new long[0];
    public long[] ends = new long[0];
    public float[] scores = new float[0];
    public String[] windowIds = new String[0];
    public String[] recorderIds = new String[0];
    /** No alert for windows starting before this (µs); 0 = none raised yet. */
    public long cooldownUntilMicros;

    public SpeciesTrack() {
    }

    public int size() {
        return starts.length;
    }

    void add(long start, long end, float score, String windowId, String recorderId) {
        int n = starts.length;
        starts = Arrays.copyOf(starts, n + 1);
        ends = Arrays.copyOf(ends, n + 1);
        scores = Arrays.copyOf(scores, n + 1);
        windowIds = Arrays.copyOf(windowIds, n + 1);
        recorderIds = Arrays.copyOf(recorderIds, n + 1);
        starts[n] = start;
        ends[n] = end;
        scores[n] = score;
        windowIds[n] = windowId;
        recorderIds[n] = recorderId;
    }

    /** Keeps entries starting at or after {@code from}. */
    void keepFrom(long from) {
        int keep = 0;
        for (int i = 0; i < starts.length; i++) {
            if (starts[i] >= from) {
                starts[keep] = starts[i];
                ends[keep] = ends[i];
                scores[keep] = scores[i];
                windowIds[keep] = windowIds[i];
                recorderIds[keep] = recorderIds[i];
                keep++;
            }
        }
        starts = Arrays.copyOf(starts, keep);
        ends = Arrays.copyOf(ends, keep);
        scores = Arrays.copyOf(scores, keep);
        windowIds = Arrays.copyOf(windowIds, keep);
        recorderIds = Arrays.copyOf(recorderIds, keep);
    }

    void clear() {
        keepFrom(Long.MAX_VALUE);
    }
}
