package io.chorus.stream.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;

/**
 * Flink's Prometheus reporter, listening on one address ({@code host}, default 127.0.0.1) instead
 * of every interface (Flink's {@code PrometheusReporter} has no host option). Same metric names
 * and labels: everything but the socket is Flink's {@link AbstractPrometheusReporter}.
 */
public final class BoundPrometheusReporter extends AbstractPrometheusReporter {

    private HTTPServer server;

    @Override
    public void open(MetricConfig config) {
        super.open(config);
        String host = config.getString("host", "127.0.0.1");
        int port = config.getInteger("port", 9249);
        try {
            server = new HTTPServer(new InetSocketAddress(host, port), registry(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Flink's metrics cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        log.info("Flink metrics on http://{}:{}/metrics", host, port);
    }

    /** The registry the base class fills (package-private there; read once, on open). */
    private CollectorRegistry registry() {
        try {
            Field f = AbstractPrometheusReporter.class.getDeclaredField("registry");
            f.setAccessible(true);
            return (CollectorRegistry) f.get(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Flink version's AbstractPrometheusReporter has no registry field", e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
        super.close();
    }
}
