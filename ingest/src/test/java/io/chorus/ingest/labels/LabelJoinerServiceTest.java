package io.chorus.ingest.labels;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.embedded.EmbeddedStack;
import io.chorus.schemas.avro.Annotation;
import io.chorus.schemas.avro.LabeledClip;
import io.chorus.schemas.avro.RejectedRecord;
import io.chorus.schemas.avro.ReviewRequest;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.TopicSpec;
import io.chorus.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The label joiner once on the real (embedded) broker and registry, exactly_once_v2. */
class LabelJoinerServiceTest {

    @TempDir
    Path dir;

    @Test
    void joinsOnTheRealBrokerAndRejectsWhatItCannotJoin() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0);
             LabelJoinerService joiner = new LabelJoinerService(stack.clientSettings(), "label-joiner-it", dir.resolve("state"),
                     LabelJoinerTest.CATALOGUE, 200).start()) {
            KafkaClientSettings kafka = stack.clientSettings();
            Instant t = LabelJoinerTest.T;
            send(kafka, Topics.REVIEW_REQUESTS, "r1", LabelJoinerTest.request("r1"));
            send(kafka, Topics.ANNOTATIONS, "r1", LabelJoinerTest.annotation("r1", t.plusSeconds(10), "BOAFAB"));
            send(kafka, Topics.ANNOTATIONS, "r1", LabelJoinerTest.annotation("r1", t.plusSeconds(20), "BOAFAB", "DENMIN"));
            send(kafka, Topics.ANNOTATIONS, "ghost", LabelJoinerTest.annotation("ghost", t, "BOAFAB"));

            List<LabeledClip> clips = readCommitted(kafka, Topics.LABELED_CLIPS, 2);
            assertThat(clips).extracting(LabeledClip::getRevision).containsExactly(1, 2);
            assertThat(clips.get(1).getMultiHot()).containsExactly(1, 0, 1, 0);
            List<RejectedRecord> rejected = readCommitted(kafka, Topics.ANNOTATIONS_REJECTED, 1);
            assertThat(rejected).extracting(RejectedRecord::getReasonCode).containsExactly("UNKNOWN_REQUEST");
        }
    }

    static <V extends SpecificRecord> void send(KafkaClientSettings kafka, TopicSpec<String, V> topic, String key, V value)
            throws Exception {
        try (KafkaProducer<String, V> p = new KafkaProducer<>(kafka.producer("test", topic), new StringSerializer(),
                kafka.valueSerializer(topic))) {
            p.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }

    static <V extends SpecificRecord> List<V> readCommitted(KafkaClientSettings kafka, TopicSpec<String, V> topic, int count) {
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<String, V> c = new KafkaConsumer<>(kafka.consumer("reader-" + topic.name(), topic),
                new StringDeserializer(), kafka.valueDeserializer(topic))) {
            c.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }
}
