package io.chorus.it.cluster;

import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import io.chorus.trainer.release.ReleasePublisher;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A trainer process caught between building a release and committing it: it sends the release
 * in the model line's transaction (the trainer's transactional id), flushes, says so and waits to
 * be killed. Arguments: bootstrap servers, registry URL, the version to send.
 */
public final class HalfPublishedRelease {

    private HalfPublishedRelease() {
    }

    public static void main(String[] args) throws Exception {
        KafkaClientSettings kafka = KafkaClientSettings.plain(args[0], args[1]);
        ModelRelease release = ProcessCluster.modelRelease(Integer.parseInt(args[2]), "sent by a trainer that then died");
        Map<String, Object> config = kafka.producer("trainer-about-to-die", Topics.MODELS);
        config.put("transactional.id", ReleasePublisher.transactionalId(release.getModelName()));
        KafkaProducer<String, ModelRelease> producer = new KafkaProducer<>(config, new StringSerializer(),
                kafka.valueSerializer(Topics.MODELS));
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(Topics.MODELS.name(), release.getModelName(), release)).get();
        producer.flush();
        System.out.println("release v" + release.getVersion() + " sent, not committed");
        Thread.sleep(Long.MAX_VALUE);
    }
}
