package io.chorus.trainer.gate;

import java.util.List;

/**
 * The gate's verdict on one hold-out.
 *
 * @param name             the hold-out's name
 * @param part             its key in metrics (whole, curated)
 * @param role             {@code decides} (its verdict is the gate's) or {@code veto} (it can only reject)
 * @param size             hold-out size in clips and in recordings (what the bootstrap resamples)
 * @param verdict          the hold-out's verdict in its role
 * @param checks           every check, with its interval
 * @param decidableAtClips for an inconclusive hold-out that decides: about how many clips would decide it (null otherwise)
 * @param note             why it came out as it did, in words
 */
public record HoldOutVerdict(String name, String part, String role, Size size, Verdict verdict, List<GateCheck> checks,
                             Integer decidableAtClips, String note) {

    public record Size(int clips, int recordings) {
    }

    public int clips() {
        return size.clips();
    }

    public int recordings() {
        return size.recordings();
    }
}
