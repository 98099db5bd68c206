package io.chorus.stream.review;

import io.chorus.stream.inference.ScoredWindow;

/** A window chosen for expert review; becomes a {@code ReviewRequest}. A Flink POJO. */
public class ReviewSample {

    public String requestId;
    public ScoredWindow scored;
    /** {@code ReviewReason} symbol. */
    public String reason;
    public String reasonDetail;
    public long requestedAtMillis;

    public ReviewSample() {
    }
}
