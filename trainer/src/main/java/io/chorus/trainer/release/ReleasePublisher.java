package io.chorus.trainer.release;

import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a release in one Kafka transaction, so a process killed at any point leaves nothing
 * that a {@code read_committed} consumer (the detection job) can see. The transactional id is
 * fixed per model line: a restarted trainer, or a rollback, fences whatever a dead one left open.
 * A fresh producer per release: releases are rare, and a fenced producer cannot be reused.
 */
public final class ReleasePublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ReleasePublisher.class);

    private final KafkaClientSettings kafka;

    public ReleasePublisher(KafkaClientSettings kafka) {
        this.kafka = kafka;
    }

    /** The transactional id every publisher of a model line shares. */
    public static String transactionalId(String modelName) {
        return "chorus-trainer-" + modelName;
    }

    /**
     * Publishes {@code release} if the line's newest committed version is still
     * {@code expectedLatestVersion} (0: the line is empty).
     */
    public void publish(ModelRelease release, int expectedLatestVersion) throws ChampionChangedException {
        String name = release.getModelName();
        Map<String, Object> config = kafka.producer(transactionalId(name), Topics.MODELS);
        config.put("transactional.id", transactionalId(name));
        try (KafkaProducer<String, ModelRelease> producer = new KafkaProducer<>(config, new StringSerializer(),
                kafka.valueSerializer(Topics.MODELS))) {
            producer.initTransactions(); // fences and aborts what an earlier instance left open
            int latest = ModelLine.read(kafka, name).latestVersion();
            if (latest != expectedLatestVersion) {
                throw new ChampionChangedException(name + " is at v" + latest + " now, not v" + expectedLatestVersion
                        + " as when v" + release.getVersion() + " was built; not published");
            }
            producer.beginTransaction();
            try {
                producer.send(new ProducerRecord<>(Topics.MODELS.name(), name, release)).get();
                producer.commitTransaction();
            } catch (ExecutionException | KafkaException e) {
                abortQuietly(producer);
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new IllegalStateException(name + " v" + release.getVersion() + " not published: " + cause.getMessage(), cause);
            } catch (InterruptedException e) {
                abortQuietly(producer);
                Thread.currentThread().interrupt();
                throw new IllegalStateException(name + " v" + release.getVersion() + " not published: interrupted", e);
            }
        }
        LOG.info("published {} v{} (parent {}, {} artifact bytes) to {}", name, release.getVersion(), release.getParentVersion(),
                release.getArtifact().remaining(), Topics.MODELS.name());
    }

    private static void abortQuietly(KafkaProducer<?, ?> producer) {
        try {
            producer.abortTransaction();
        } catch (KafkaException ignored) {
            // fenced or broken: the broker aborts the transaction on timeout or when the next instance starts
        }
    }
}
