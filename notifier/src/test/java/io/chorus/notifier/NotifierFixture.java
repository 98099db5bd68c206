package io.chorus.notifier;

import io.chorus.embedded.EmbeddedStack;
import io.chorus.schemas.avro.AlertDelivery;
import io.chorus.schemas.avro.SpeciesAlert;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.TopicSpec;
import io.chorus.schemas.topics.Topics;
import io.chorus.testsupport.kafka.CommittedRecords;
import io.chorus.testsupport.kafka.TestProducers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;

/** A real (embedded) broker and registry for the notifier's tests, with alerts to send and audit records to read. */
final class NotifierFixture implements AutoCloseable {

    final EmbeddedStack stack;

    NotifierFixture(Path dir) {
        stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0);
    }

    KafkaClientSettings kafka() {
        return stack.clientSettings();
    }

    static SpeciesAlert alert(String id, String site, String species, boolean rare) {
        Instant now = Instant.now();
        return SpeciesAlert.newBuilder().setAlertId(id).setSiteId(site).setSpeciesCode(species).setRare(rare).setRecorderIds(List.of("rec-1"))
                .setFirstWindowStart(now.minusSeconds(10)).setLastWindowEnd(now).setPositiveWindows(3).setWindowsConsidered(5)
                .setMaxScore(0.91f).setMeanScore(0.8f).setThreshold(0.5f).setRule("3 of 5 windows").setWindowIds(List.of("rec-1/1"))
                .setModelName("chorus-anura").setModelVersion(2).setRaisedAt(now).build();
    }

    void send(SpeciesAlert a) throws Exception {
        send(Topics.ALERTS, a.getSiteId() + "/" + a.getSpeciesCode(), a);
    }

    <V extends SpecificRecord> void send(TopicSpec<String, V> topic, String key, V value) {
        TestProducers.sendOne(kafka(), topic, key, value);
    }

    /** The audit records on a topic that match, read again until {@code enough} holds or the wait ends. */
    List<AlertDelivery> deliveries(TopicSpec<String, AlertDelivery> topic, Predicate<AlertDelivery> match,
                                   Predicate<List<AlertDelivery>> enough, Duration wait) throws InterruptedException {
        return CommittedRecords.readUntil(kafka(), topic, all -> enough.test(all.stream().filter(match).toList()), wait).stream()
                .filter(match).toList();
    }

    @Override
    public void close() {
        stack.close();
    }
}
