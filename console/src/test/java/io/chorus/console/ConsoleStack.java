package io.chorus.console;

import io.chorus.console.accounts.Accounts;
import io.chorus.embedded.EmbeddedStack;
import io.chorus.ingest.labels.LabelJoinerService;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.TopicSpec;
import io.chorus.testsupport.kafka.CommittedRecords;
import io.chorus.testsupport.waits.Waits;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A real broker and registry (embedded), the label joiner and a console with three accounts:
 * reviewers alice and bob, viewer vera (password = name + "-pw").
 */
public final class ConsoleStack implements AutoCloseable {

    public final EmbeddedStack stack;
    public final LabelJoinerService joiner;
    public final ConsoleService console;
    public final PrometheusRegistry registry = new PrometheusRegistry();

    public ConsoleStack(Path dir) throws Exception {
        stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0);
        joiner = new LabelJoinerService(stack.clientSettings(), "console-test-joiner", dir.resolve("joiner"), ConsoleFixtures.CATALOGUE,
                200).start();
        Path accounts = dir.resolve("accounts.txt");
        Files.writeString(accounts, "# test accounts\nalice reviewer " + Accounts.hash("alice-pw") + "\nbob reviewer " + Accounts.hash("bob-pw")
                + "\nvera viewer " + Accounts.hash("vera-pw") + "\n");
        ConsoleSettings settings = ConsoleSettings.defaults().withPort(0).withFiles(accounts, dir.resolve("console-state"), "console-test");
        console = ConsoleService.start(settings, stack.clientSettings(), registry);
        Waits.until("the console's Kafka Streams RUNNING", Duration.ofSeconds(60), () -> console.streamsState() == KafkaStreams.State.RUNNING);
    }

    public KafkaClientSettings kafka() {
        return stack.clientSettings();
    }

    public String url() {
        return "http://127.0.0.1:" + console.port();
    }

    public <V extends SpecificRecord> void send(TopicSpec<String, V> topic, String key, V value) throws Exception {
        try (KafkaProducer<String, V> p = new KafkaProducer<>(kafka().producer("test", topic), new StringSerializer(),
                kafka().valueSerializer(topic))) {
            p.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }

    /** Records in a topic now (end offsets summed). */
    public long recordsIn(TopicSpec<String, ?> topic) throws Exception {
        try (Admin admin = Admin.create(kafka().admin())) {
            var partitions = admin.describeTopics(List.of(topic.name())).allTopicNames().get().get(topic.name()).partitions();
            Map<TopicPartition, OffsetSpec> q = new java.util.HashMap<>();
            partitions.forEach(p -> q.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(q).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    /** The topic's committed records, read again until one matches or the wait ends. */
    public <V extends SpecificRecord> List<V> readUntil(TopicSpec<String, V> topic, java.util.function.Predicate<V> wanted, Duration wait)
            throws InterruptedException {
        return CommittedRecords.readUntil(kafka(), topic, all -> all.stream().anyMatch(wanted), wait);
    }

    @Override
    public void close() {
        console.close();
        joiner.close();
        stack.close();
    }
}
