package io.chorus.trainer.gate;

import java.util.ArrayList;
import java.util.List;

/**
 * The gate's decision on a round: the verdict, the evidence per hold-out, and a summary a reviewer can read.
 *
 * @param verdict    PASS (promote), REJECT or INCONCLUSIVE (not promoted: the hold-out cannot tell yet)
 * @param confidence level of every interval
 * @param resamples  bootstrap resamples behind each interval
 * @param holdOuts   the verdict on each hold-out
 * @param summary    the deciding checks in words
 */
public record GateDecision(Verdict verdict, double confidence, int resamples, List<HoldOutVerdict> holdOuts, String summary) {

    /** The decision as a release carries it. */
    public io.chorus.schemas.avro.GateEvidence toAvro() {
        List<io.chorus.schemas.avro.GateHoldOut> parts = new ArrayList<>();
        for (HoldOutVerdict h : holdOuts) {
            List<io.chorus.schemas.avro.GateCheckResult> checks = new ArrayList<>();
            for (GateCheck c : h.checks()) {
                checks.add(io.chorus.schemas.avro.GateCheckResult.newBuilder().setCheck(c.check()).setSpecies(c.species())
                        .setEstimate(c.delta().estimate()).setLower(c.delta().lower()).setUpper(c.delta().upper()).setMargin(c.margin())
                        .setVerdict(c.verdict().label()).setText(c.text()).build());
            }
            parts.add(io.chorus.schemas.avro.GateHoldOut.newBuilder().setName(h.name()).setRole(h.role()).setClips(h.clips())
                    .setRecordings(h.recordings()).setVerdict(h.verdict().label()).setChecks(checks).build());
        }
        return io.chorus.schemas.avro.GateEvidence.newBuilder().setVerdict(verdict.label()).setConfidence(confidence)
                .setResamples(resamples).setSummary(summary).setHoldOuts(parts).build();
    }

    /**
     * Combines hold-outs: any rejection rejects; otherwise an inconclusive hold-out makes the
     * round inconclusive; otherwise the challenger is promoted.
     */
    static GateDecision of(List<HoldOutVerdict> holdOuts, double confidence, int resamples) {
        Verdict v = holdOuts.stream().anyMatch(h -> h.verdict() == Verdict.REJECT) ? Verdict.REJECT
                : holdOuts.stream().anyMatch(h -> h.verdict() == Verdict.INCONCLUSIVE) ? Verdict.INCONCLUSIVE : Verdict.PASS;
        List<String> lines = new ArrayList<>();
        for (HoldOutVerdict h : holdOuts) {
            List<String> parts = new ArrayList<>();
            if (v == Verdict.PASS) {
                h.checks().stream().filter(c -> c.check().equals("macro")).forEach(c -> parts.add(c.text()));
            } else if (h.verdict() == v) {
                h.checks().stream().filter(c -> c.verdict() == v).forEach(c -> parts.add(c.text()));
                if (!h.note().isEmpty()) {
                    parts.add(h.note());
                }
            }
            if (!parts.isEmpty()) {
                lines.add(h.name() + " (" + h.clips() + " clips, " + h.recordings() + " recordings): " + String.join("; ", parts));
            }
        }
        return new GateDecision(v, confidence, resamples, List.copyOf(holdOuts), String.join(" | ", lines));
    }
}
