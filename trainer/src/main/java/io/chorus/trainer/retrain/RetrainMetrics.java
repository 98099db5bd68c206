package io.chorus.trainer.retrain;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the retraining service exports: rounds by outcome, round duration, training throughput and
 * progress, champion and challenger F1 (macro and rare) on the last hold-out, the serving model's
 * version and age, and the labelled clips waiting for the next round.
 */
public final class RetrainMetrics {

    private final Counter rounds;
    private final Histogram roundSeconds;
    private final Gauge inProgress;
    private final Gauge samplesPerSecond;
    private final Gauge trainingProgress;
    private final Gauge f1;
    private final Gauge servingVersion;
    private final Gauge clipsWaiting;
    private final Gauge clipsSkipped;
    private final Gauge gateDelta;
    private final Gauge gateHoldOut;
    private final AtomicLong servingCreatedAtMillis = new AtomicLong();

    public RetrainMetrics(PrometheusRegistry registry) {
        rounds = Counter.builder().name("chorus_trainer_rounds_total").help("Retraining rounds by outcome")
                .labelNames("outcome").register(registry);
        for (RoundOutcome o : RoundOutcome.values()) {
            rounds.labelValues(o.label()); // every outcome shows, at 0, from the start
        }
        roundSeconds = Histogram.builder().name("chorus_trainer_round_duration_seconds").help("Wall time of a round, by outcome")
                .classicUpperBounds(1, 10, 60, 300, 900, 1800, 3600, 7200, 14400, 28800).labelNames("outcome").register(registry);
        inProgress = Gauge.builder().name("chorus_trainer_round_in_progress").help("1 while a round runs").register(registry);
        samplesPerSecond = Gauge.builder().name("chorus_trainer_training_samples_per_second")
                .help("Training throughput of the last epoch").register(registry);
        trainingProgress = Gauge.builder().name("chorus_trainer_training_progress_ratio")
                .help("Share of the current round's training steps done").register(registry);
        f1 = Gauge.builder().name("chorus_trainer_holdout_f1").help("F1 on the last round's hold-out")
                .labelNames("model", "average").register(registry);
        servingVersion = Gauge.builder().name("chorus_trainer_serving_model_version")
                .help("Newest version on the models topic (0: none)").register(registry);
        GaugeWithCallback.builder().name("chorus_trainer_serving_model_age_seconds")
                .help("Time since the serving model was released (absent before the first)")
                .callback(cb -> {
                    long created = servingCreatedAtMillis.get();
                    if (created > 0) {
                        cb.call((System.currentTimeMillis() - created) / 1000.0);
                    }
                }).register(registry);
        clipsSkipped = Gauge.builder().name("chorus_trainer_labeled_clips_skipped")
                .help("Labelled-clip records the last round's snapshot left out, by reason (see the round report)")
                .labelNames("reason").register(registry);
        gateDelta = Gauge.builder().name("chorus_trainer_gate_delta")
                .help("Last gate: F1 difference challenger - champion (estimate) and its interval (lower, upper), per hold-out part "
                        + "(whole, curated) and check (macro, rare, class)")
                .labelNames("holdout", "check", "species", "bound").register(registry);
        gateHoldOut = Gauge.builder().name("chorus_trainer_gate_holdout_size")
                .help("Last gate: hold-out size per part in clips and in recordings (the unit the bootstrap resamples)")
                .labelNames("holdout", "unit").register(registry);
        clipsWaiting = Gauge.builder().name("chorus_trainer_labeled_clips_waiting")
                .help("Labelled-clip records on labeled.clips since the last round's snapshot").register(registry);
    }

    void roundStarted() {
        inProgress.set(1);
        trainingProgress.set(0);
    }

    void roundEnded(RoundOutcome outcome, double seconds) {
        inProgress.set(0);
        rounds.labelValues(outcome.label()).inc();
        roundSeconds.labelValues(outcome.label()).observe(seconds);
    }

    void interruptedRoundFound() {
        rounds.labelValues(RoundOutcome.INTERRUPTED.label()).inc();
    }

    void trainingStep(int epoch, int epochs, int step, int steps) {
        trainingProgress.set(((epoch - 1) * (double) steps + step) / ((double) epochs * steps));
    }

    void epochThroughput(double samples) {
        samplesPerSecond.set(samples);
    }

    void holdOutScores(String model, double macro, Double rare) {
        f1.labelValues(model, "macro").set(macro);
        if (rare != null) {
            f1.labelValues(model, "rare").set(rare);
        }
    }

    void serving(int version, long createdAtMillis) {
        servingVersion.set(version);
        servingCreatedAtMillis.set(createdAtMillis);
    }

    void snapshotSkips(java.util.Map<String, Integer> byReason) {
        clipsSkipped.clear();
        byReason.forEach((reason, n) -> clipsSkipped.labelValues(reason).set(n));
    }

    void gate(io.chorus.trainer.gate.GateDecision decision) {
        gateDelta.clear();
        gateHoldOut.clear();
        for (io.chorus.trainer.gate.HoldOutVerdict h : decision.holdOuts()) {
            gateHoldOut.labelValues(h.part(), "clips").set(h.clips());
            gateHoldOut.labelValues(h.part(), "recordings").set(h.recordings());
            for (io.chorus.trainer.gate.GateCheck c : h.checks()) {
                String species = c.species() == null ? "" : c.species();
                gateDelta.labelValues(h.part(), c.check(), species, "estimate").set(c.delta().estimate());
                gateDelta.labelValues(h.part(), c.check(), species, "lower").set(c.delta().lower());
                gateDelta.labelValues(h.part(), c.check(), species, "upper").set(c.delta().upper());
            }
        }
    }

    void waiting(long clips) {
        clipsWaiting.set(clips);
    }
}
