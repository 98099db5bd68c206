package io.chorus.trainer.retrain;

import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Test-side views: what the models topic holds (as the job would read it, or uncommitted), HTTP calls, waiting. */
final class ModelsTopic {

    private ModelsTopic() {
    }

    /** Every record on models, in offset order, read with the given isolation level. */
    static List<ModelRelease> read(KafkaClientSettings kafka, String isolation) {
        Map<String, Object> config = kafka.consumer(null, Topics.MODELS);
        config.put("isolation.level", isolation);
        List<ModelRelease> out = new ArrayList<>();
        try (KafkaConsumer<String, ModelRelease> c = new KafkaConsumer<>(config, new StringDeserializer(),
                kafka.valueDeserializer(Topics.MODELS))) {
            TopicPartition tp = new TopicPartition(Topics.MODELS.name(), 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                for (ConsumerRecord<String, ModelRelease> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }

    /** End offset of models as a read_uncommitted reader sees it: counts records of open and aborted transactions too. */
    static long uncommittedEnd(KafkaClientSettings kafka) {
        Map<String, Object> config = kafka.consumer(null, Topics.MODELS);
        config.put("isolation.level", "read_uncommitted");
        try (KafkaConsumer<String, ModelRelease> c = new KafkaConsumer<>(config, new StringDeserializer(),
                kafka.valueDeserializer(Topics.MODELS))) {
            TopicPartition tp = new TopicPartition(Topics.MODELS.name(), 0);
            return c.endOffsets(List.of(tp)).get(tp);
        }
    }

    static HttpResponse<String> http(String method, int port, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        b = method.equals("POST") ? b.POST(HttpRequest.BodyPublishers.noBody()) : b.GET();
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A metric's sample value from /metrics text, e.g. {@code chorus_trainer_rounds_total{outcome="promoted"}}; NaN if absent. */
    static double metric(String metricsText, String sample) {
        for (String line : metricsText.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
