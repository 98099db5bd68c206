package io.chorus.console.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.console.ConsoleFixtures;
import io.chorus.console.queue.Claims;
import io.chorus.console.queue.QueueFilter;
import io.chorus.console.queue.QueueItem;
import io.chorus.console.queue.ReviewQueue;
import io.chorus.schemas.avro.Annotation;
import io.chorus.schemas.avro.Detection;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.avro.RecorderHealth;
import io.chorus.schemas.avro.ReviewReason;
import io.chorus.schemas.avro.ReviewRequest;
import io.chorus.schemas.avro.SpeciesAlert;
import io.chorus.schemas.serde.PlainAvroSerdes;
import io.chorus.schemas.topics.TopicSpec;
import io.chorus.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's state topology on TopologyTestDriver: the queue is the requests without an answer; activity counts per hour. */
class ConsoleTopologyTest {

    private TopologyTestDriver driver;
    private ConsoleState state;
    private final Instant t0 = ConsoleFixtures.T0;

    @BeforeEach
    void build() {
        StreamsBuilder b = new StreamsBuilder();
        ConsoleTopology.TopicSerdes plain = new ConsoleTopology.TopicSerdes(PlainAvroSerdes.of(ReviewRequest.class),
                PlainAvroSerdes.of(Annotation.class), PlainAvroSerdes.of(SpeciesAlert.class), PlainAvroSerdes.of(RecorderHealth.class),
                PlainAvroSerdes.of(ModelRelease.class), PlainAvroSerdes.of(Detection.class));
        ConsoleTopology.build(b, plain, plain);
        Properties p = new Properties();
        p.put("application.id", "console-topology-test");
        p.put("bootstrap.servers", "unused:9092");
        driver = new TopologyTestDriver(b.build(), p);
        state = new ConsoleState(new ConsoleState.StoreAccess() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> keyValue(String name) {
                return driver.getKeyValueStore(name);
            }

            @Override
            public ReadOnlyWindowStore<String, Long> window(String name) {
                return driver.getWindowStore(name);
            }
        });
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private <V extends SpecificRecord> TestInputTopic<String, V> in(TopicSpec<String, V> topic) {
        return driver.createInputTopic(topic.name(), Serdes.String().serializer(), PlainAvroSerdes.of(topic.valueType()).serializer());
    }

    @Test
    void theQueueHoldsRequestsWithoutAnAnswerRareFirstThenMostUncertain() {
        TestInputTopic<String, ReviewRequest> requests = in(Topics.REVIEW_REQUESTS);
        requests.pipeInput("calm", ConsoleFixtures.request("calm", ReviewReason.UNCERTAIN, t0, t0, 0.2f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f));
        requests.pipeInput("torn", ConsoleFixtures.request("torn", ReviewReason.UNCERTAIN, t0, t0, 0.49f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f));
        requests.pipeInput("rare", ConsoleFixtures.request("rare", ReviewReason.RARE_SPECIES, t0, t0, 0.9f, 0.1f, 0.1f, 0.1f, 0.1f, 0.97f));
        requests.pipeInput("done", ConsoleFixtures.request("done", ReviewReason.RARE_SPECIES, t0, t0, 0.5f, 0.1f, 0.1f, 0.1f, 0.1f, 0.9f));
        in(Topics.ANNOTATIONS).pipeInput("done", ConsoleFixtures.annotation("done", "alice", t0, "ADEDIP"));

        Claims claims = new Claims(Clock.fixed(t0, ZoneOffset.UTC), Duration.ofMinutes(5));
        claims.claim("torn", "bob");
        ReviewQueue queue = new ReviewQueue(state, claims, Set.of());
        ReviewQueue.Page page = queue.page(QueueFilter.NONE, 10);
        assertThat(page.items()).extracting(QueueItem::requestId).containsExactly("rare", "torn", "calm");
        assertThat(page.pending()).isEqualTo(3);
        assertThat(page.items().get(1).claimedBy()).isEqualTo("bob");
        assertThat(queue.next("alice", QueueFilter.NONE)).map(QueueItem::requestId).contains("rare");
        assertThat(new ReviewQueue(state, claims, Set.of("rare")).next("alice", QueueFilter.NONE)).as("answered here, not yet in the store")
                .map(QueueItem::requestId).contains("calm");
        assertThat(queue.page(QueueFilter.parse(null, "ADEDIP", null, null, null), 10).items()).extracting(QueueItem::requestId)
                .containsExactly("rare");
        assertThat(queue.page(QueueFilter.parse(null, null, "uncertain", "1", t0.toString().substring(0, 10)), 10).items())
                .extracting(QueueItem::requestId).containsExactly("torn", "calm");
        assertThat(queue.page(QueueFilter.parse("S2", null, null, null, null), 10).pending()).isZero();
    }

    @Test
    void activityCountsDetectedSpeciesPerSiteAndHourOnTheWindowsOwnTime() {
        TestInputTopic<String, Detection> detections = in(Topics.DETECTIONS);
        Instant h0 = t0;
        detections.pipeInput("r1", ConsoleFixtures.detection("r1", "S1", h0.plusSeconds(10), "BOAFAB", 0.9f));
        detections.pipeInput("r2", ConsoleFixtures.detection("r2", "S1", h0.plusSeconds(20), "BOAFAB", 0.8f));
        detections.pipeInput("r1", ConsoleFixtures.detection("r1", "S1", h0.plusSeconds(3700), "BOAFAB", 0.9f));
        detections.pipeInput("r1", ConsoleFixtures.detection("r1", "S1", h0.plusSeconds(3800), null, 0f));
        detections.pipeInput("r3", ConsoleFixtures.detection("r3", "S2", h0.plusSeconds(30), "LEPPOD", 0.7f));
        // Over an hour late, still counted in its own hour.
        detections.pipeInput("r2", ConsoleFixtures.detection("r2", "S1", h0.plusSeconds(50), "BOAFAB", 0.8f));

        Map<String, Map<Instant, Long>> a = state.activity(h0, h0.plus(Duration.ofHours(2)));
        assertThat(a.get(ConsoleTopology.activityKey("S1", "BOAFAB"))).containsExactlyInAnyOrderEntriesOf(
                Map.of(h0, 3L, h0.plus(Duration.ofHours(1)), 1L));
        assertThat(a.get(ConsoleTopology.activityKey("S2", "LEPPOD"))).containsExactlyEntriesOf(Map.of(h0, 1L));
        assertThat(a).hasSize(2);
    }

    @Test
    void alertsAreKeptByIdAndEveryReleaseWithoutItsArtifact() {
        in(Topics.ALERTS).pipeInput("S1/ADEDIP", ConsoleFixtures.alert("a1", "ADEDIP", true, t0, List.of("w1")));
        in(Topics.ALERTS).pipeInput("S1/ADEDIP", ConsoleFixtures.alert("a2", "ADEDIP", true, t0.plusSeconds(600), List.of("w2")));
        assertThat(state.alerts()).extracting(SpeciesAlert::getAlertId).containsExactly("a2", "a1");
        assertThat(state.alert("a1")).isPresent();
    }
}
