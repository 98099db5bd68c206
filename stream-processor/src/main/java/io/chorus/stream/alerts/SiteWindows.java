package io.chorus.stream.alerts;

import java.util.Arrays;

/**
 * The windows one site produced lately (start and recorder of each), for an alert's "k of n".
 * Parallel arrays so it is a plain Flink POJO; at most span × recorders entries live here.
 */
public class SiteWindows {

    public long[] starts = new long[0];
    public String[] recorders = new String[0];

    public SiteWindows() {
    }

    /** Adds a window (once, however often it is seen) and forgets those starting before {@code oldest}. */
    void remember(long start, String recorder, long oldest) {
        int keep = 0;
        for (int i = 0; i < starts.length; i++) {
            if (starts[i] >= oldest && !(starts[i] == start && recorders[i].equals(recorder))) {
                starts[keep] = starts[i];
                recorders[keep] = recorders[i];
                keep++;
            }
        }
        starts = Arrays.copyOf(starts, keep + 1);
        recorders = Arrays.copyOf(recorders, keep + 1);
        starts[keep] = start;
        recorders[keep] = recorder;
    }

    /** Windows starting in [from, to]. */
    int countStartingIn(long from, long to) {
        int n = 0;
        for (long s : starts) {
            if (s >= from && s <= to) {
                n++;
            }
        }
        return n;
    }
}
