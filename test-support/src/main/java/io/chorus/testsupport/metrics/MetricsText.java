package io.chorus.testsupport.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Prometheus text exposition as a test reads it: scraped over HTTP, one sample's value, the lines naming a metric. */
public final class MetricsText {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MetricsText() {
    }

    /** GET {@code http://127.0.0.1:<port>/metrics}. @throws IOException when nothing answers there */
    public static String scrape(int port) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Every port from {@code first} to {@code last} that answers, concatenated (Flink's reporter takes the first free port of a range). */
    public static String scrapeRange(int first, int last) throws InterruptedException {
        StringBuilder all = new StringBuilder();
        for (int port = first; port <= last; port++) {
            try {
                all.append(scrape(port));
            } catch (IOException nothingThere) {
                // no reporter on this port
            }
        }
        return all.toString();
    }

    /** What a registry would serve on /metrics now, without a server. */
    public static String of(PrometheusRegistry registry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A sample's value, e.g. {@code chorus_trainer_rounds_total{outcome="promoted"}}; NaN if absent. */
    public static double value(String metricsText, String sample) {
        for (String line : metricsText.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    /** The sample lines (not comments) that contain any of {@code names}, joined by "; " (for a failure message). */
    public static String linesNaming(String metricsText, String... names) {
        return Arrays.stream(metricsText.split("\n")).filter(l -> !l.startsWith("#"))
                .filter(l -> Arrays.stream(names).anyMatch(l::contains)).collect(Collectors.joining("; "));
    }
}
