package io.chorus.ingest.health;

import io.chorus.schemas.avro.RecorderHealth;
import io.chorus.schemas.avro.RecorderStatus;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Prometheus gauges per recorder, set from each health report. */
public final class HealthGauges {

    private final Gauge online;
    private final Gauge rms;
    private final Gauge peak;
    private final Gauge clipping;
    private final Gauge silence;
    private final Gauge gapSeconds;
    private final io.prometheus.metrics.core.metrics.Counter unmeasured;

    public HealthGauges(PrometheusRegistry registry) {
        online = Gauge.builder().name("chorus_recorder_online").help("1 while the recorder sends audio, 0 once reported OFFLINE")
                .labelNames("recorder", "site").register(registry);
        rms = Gauge.builder().name("chorus_recorder_rms_dbfs").help("RMS level of the last window, dBFS")
                .labelNames("recorder", "site").register(registry);
        peak = Gauge.builder().name("chorus_recorder_peak_dbfs").help("Peak level of the last window, dBFS")
                .labelNames("recorder", "site").register(registry);
        clipping = Gauge.builder().name("chorus_recorder_clipping_ratio").help("Share of clipped samples in the last window")
                .labelNames("recorder", "site").register(registry);
        silence = Gauge.builder().name("chorus_recorder_silence_ratio").help("Share of silent samples in the last window")
                .labelNames("recorder", "site").register(registry);
        unmeasured = io.prometheus.metrics.core.metrics.Counter.builder().name("chorus_recorder_unmeasured_chunks_total")
                .help("Chunks left out of the levels: unsupported encoding or non-finite samples (the detection job "
                        + "dead-letters them)").labelNames("recorder", "reason").register(registry);
        gapSeconds = Gauge.builder().name("chorus_recorder_gap_seconds").help("Seconds of audio missing in the last window")
                .labelNames("recorder", "site").register(registry);
    }

    void unmeasured(String recorder, String reason) {
        unmeasured.labelValues(recorder, reason).inc();
    }

    void report(RecorderHealth h) {
        String[] labels = {h.getRecorderId(), h.getSiteId() == null ? "" : h.getSiteId()};
        online.labelValues(labels).set(h.getStatus() == RecorderStatus.OFFLINE ? 0 : 1);
        rms.labelValues(labels).set(h.getRmsDbfs());
        peak.labelValues(labels).set(h.getPeakDbfs());
        clipping.labelValues(labels).set(h.getClippingRatio());
        silence.labelValues(labels).set(h.getSilenceRatio());
        gapSeconds.labelValues(labels).set(h.getGapSeconds());
    }
}
