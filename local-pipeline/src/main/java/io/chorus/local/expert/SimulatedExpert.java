package io.chorus.local.expert;

import io.chorus.ingest.publish.SimulatedFleet;
import io.chorus.local.pipeline.BackgroundLoop;
import io.chorus.schemas.avro.Annotation;
import io.chorus.schemas.avro.ReviewRequest;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An expert who answers every review request from the fleet's ground truth (the species whose
 * calls overlap the window) after a delay, as a person at a review queue would. Requests for
 * audio this process did not play (a previous run's) have no ground truth here and are counted,
 * not answered. Offsets are committed after the answers are sent: a crash answers some twice,
 * which the label joiner turns into a revision.
 */
public final class SimulatedExpert extends BackgroundLoop {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedExpert.class);
    public static final String ANNOTATOR = "simulated-expert";

    private record Pending(ReviewRequest request, TopicPartition partition, long offset, long dueNanos) {
    }

    private final KafkaClientSettings kafka;
    private final SimulatedFleet fleet;
    private final Duration delay;
    private final Counter outcomes;

    public SimulatedExpert(KafkaClientSettings kafka, SimulatedFleet fleet, Duration delay, PrometheusRegistry registry) {
        super("chorus-simulated-expert");
        this.kafka = kafka;
        this.fleet = fleet;
        this.delay = delay;
        this.outcomes = Counter.builder().name("chorus_simulated_expert_requests_total")
                .help("Review requests the simulated expert saw, by outcome (answered, no_ground_truth)").labelNames("outcome")
                .register(registry);
        outcomes.labelValues("answered");
        outcomes.labelValues("no_ground_truth");
    }

    public SimulatedExpert start() {
        startThread();
        return this;
    }

    @Override
    protected void loop() {
        Deque<Pending> queue = new ArrayDeque<>();
        try (KafkaConsumer<String, ReviewRequest> consumer = new KafkaConsumer<>(kafka.consumer("chorus-simulated-expert",
                Topics.REVIEW_REQUESTS), new StringDeserializer(), kafka.valueDeserializer(Topics.REVIEW_REQUESTS));
             KafkaProducer<String, Annotation> producer = new KafkaProducer<>(kafka.producer("chorus-simulated-expert",
                     Topics.ANNOTATIONS), new StringSerializer(), kafka.valueSerializer(Topics.ANNOTATIONS))) {
            consumer.subscribe(List.of(Topics.REVIEW_REQUESTS.name()));
            while (running) {
                for (ConsumerRecord<String, ReviewRequest> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) {
                        queue.add(new Pending(r.value(), new TopicPartition(r.topic(), r.partition()), r.offset(),
                                System.nanoTime() + delay.toNanos()));
                    }
                }
                List<Pending> due = new ArrayList<>();
                while (!queue.isEmpty() && queue.peekFirst().dueNanos() <= System.nanoTime()) {
                    due.add(queue.pollFirst());
                }
                Map<TopicPartition, OffsetAndMetadata> answered = new HashMap<>();
                for (Pending p : due) {
                    answer(producer, p.request());
                    answered.put(p.partition(), new OffsetAndMetadata(p.offset() + 1)); // the queue keeps poll order
                }
                if (!answered.isEmpty()) {
                    producer.flush();
                    consumer.commitSync(answered);
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("simulated expert stopped", e);
        }
    }

    private void answer(KafkaProducer<String, Annotation> producer, ReviewRequest q) {
        if (!fleet.plays(q.getRecorderId(), q.getWindowStart())) {
            outcomes.labelValues("no_ground_truth").inc();
            return;
        }
        Set<String> heard = fleet.speciesIn(q.getRecorderId(), q.getWindowStart(), q.getWindowEnd());
        Annotation a = Annotation.newBuilder().setRequestId(q.getRequestId()).setSpeciesPresent(new ArrayList<>(heard))
                .setAnnotator(ANNOTATOR).setAnnotatedAt(Instant.now()).setNotes("ground truth of the simulated fleet").build();
        producer.send(new ProducerRecord<>(Topics.ANNOTATIONS.name(), q.getRequestId(), a));
        outcomes.labelValues("answered").inc();
    }
}
