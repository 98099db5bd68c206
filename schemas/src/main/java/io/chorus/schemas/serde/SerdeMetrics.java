package io.chorus.schemas.serde;

import io.prometheus.metrics.core.metrics.Counter;

/**
 * Failed (de)serializations, counted per topic and error type in Prometheus's default
 * registry, so every Chorus service's {@code /metrics} shows them without extra wiring.
 */
public final class SerdeMetrics {

    public static final Counter ERRORS = Counter.builder()
            .name("chorus_serde_errors_total")
            .help("Records that could not be serialized or deserialized, by topic, direction and error type")
            .labelNames("topic", "direction", "error")
            .register();

    private SerdeMetrics() {
    }

    static RuntimeException count(String topic, String direction, RuntimeException e) {
        ERRORS.labelValues(topic, direction, e.getClass().getSimpleName()).inc();
        return e;
    }
}
