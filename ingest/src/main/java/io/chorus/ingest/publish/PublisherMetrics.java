package io.chorus.ingest.publish;

import io.chorus.schemas.avro.AudioChunk;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** What the publisher exports: chunks and bytes per recorder, errors by kind, lag behind real time. */
public final class PublisherMetrics {

    private final Counter chunks;
    private final Counter bytes;
    private final Counter skipped;
    private final Counter errors;
    private final Gauge lagSeconds;

    public PublisherMetrics(PrometheusRegistry registry) {
        chunks = Counter.builder().name("chorus_publisher_chunks_total").help("Chunks committed to audio.chunks")
                .labelNames("recorder").register(registry);
        bytes = Counter.builder().name("chorus_publisher_audio_bytes_total").help("PCM bytes committed")
                .labelNames("recorder").register(registry);
        skipped = Counter.builder().name("chorus_publisher_chunks_already_published_total")
                .help("Chunks skipped on resume because the topic already holds them").labelNames("recorder").register(registry);
        errors = Counter.builder().name("chorus_publisher_errors_total").help("Errors by kind (bad input, transaction ...)")
                .labelNames("kind").register(registry);
        lagSeconds = Gauge.builder().name("chorus_publisher_lag_seconds")
                .help("Wall clock minus the end of the last chunk committed, per recorder").labelNames("recorder").register(registry);
    }

    void published(AudioChunk c) {
        chunks.labelValues(c.getRecorderId()).inc();
        bytes.labelValues(c.getRecorderId()).inc(c.getData().remaining());
        double end = c.getStartTime().getEpochSecond() + c.getStartTime().getNano() / 1e9
                + (double) c.getFrameCount() / c.getSampleRateHz();
        lagSeconds.labelValues(c.getRecorderId()).set(System.currentTimeMillis() / 1000.0 - end);
    }

    void skippedAsPublished(String recorder) {
        skipped.labelValues(recorder).inc();
    }

    public void error(String kind) {
        errors.labelValues(kind).inc();
    }
}
