package io.chorus.stream.metrics;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** {@code metrics.reporter.prom.factory.class} for {@link BoundPrometheusReporter} ({@code .host}, {@code .port}). */
public final class BoundPrometheusReporterFactory implements MetricReporterFactory {

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new BoundPrometheusReporter();
    }
}
