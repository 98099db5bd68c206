package io.chorus.notifier.delivery;

import io.chorus.schemas.avro.AlertDelivery;
import io.chorus.schemas.avro.DeliveryStatus;
import io.chorus.schemas.avro.SpeciesAlert;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import io.chorus.notifier.subscription.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The audit trail: every attempt's outcome to {@code alerts.deliveries}, the deliveries that ran
 * out of attempts also to {@code alerts.undeliverable}; each write acknowledged before the
 * delivery counts as done. Keeps the last lines for the local run's view.
 */
public final class DeliveryLog implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int RECENT = 8;

    private final KafkaProducer<String, AlertDelivery> producer;
    private final Clock clock;
    private final NotifierMetrics metrics;
    private final Deque<String> recent = new ArrayDeque<>();

    public DeliveryLog(KafkaClientSettings kafka, String clientId, Clock clock, NotifierMetrics metrics) {
        this.producer = new KafkaProducer<>(kafka.producer(clientId, Topics.ALERTS_DELIVERIES), new StringSerializer(),
                kafka.valueSerializer(Topics.ALERTS_DELIVERIES));
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Records one outcome (and counts it); {@code attemptStart} null when no attempt was made. */
    public AlertDelivery record(SpeciesAlert a, Subscription s, int attempt, DeliveryStatus status, String detail, Instant attemptStart) {
        Instant now = clock.instant();
        AlertDelivery d = AlertDelivery.newBuilder().setAlertId(a.getAlertId()).setSubscriptionId(s.id()).setChannel(s.channel().kind())
                .setEndpoint(s.channel().endpoint()).setSiteId(a.getSiteId()).setSpeciesCode(a.getSpeciesCode()).setAttempt(attempt)
                .setStatus(status).setDetail(detail).setAttemptMillis(attemptStart == null ? 0 : Duration.between(attemptStart, now).toMillis())
                .setSinceAlertMillis(Math.max(0, Duration.between(a.getRaisedAt(), now).toMillis())).setAttemptedAt(now).build();
        List<String> topics = status == DeliveryStatus.UNDELIVERABLE
                ? List.of(Topics.ALERTS_DELIVERIES.name(), Topics.ALERTS_UNDELIVERABLE.name()) : List.of(Topics.ALERTS_DELIVERIES.name());
        try {
            for (String topic : topics) {
                producer.send(new ProducerRecord<>(topic, a.getAlertId(), d)).get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the audit record of " + a.getAlertId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the audit record of " + a.getAlertId() + " could not be written: " + e.getMessage(), e);
        }
        metrics.outcome(s.id(), s.channel().kind(), status.name().toLowerCase(Locale.ROOT));
        if (status == DeliveryStatus.DELIVERED) {
            metrics.latency.labelValues(s.id(), s.channel().kind()).observe(d.getSinceAlertMillis() / 1000.0);
        }
        synchronized (recent) {
            recent.addFirst(String.format(Locale.ROOT, "%s %-12s %-7s %-22s %s at %s (attempt %d%s)", TIME.format(now), s.id(),
                    s.channel().kind(), status, a.getSpeciesCode(), a.getSiteId(), attempt, detail == null ? "" : ": " + detail));
            while (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
        return d;
    }

    /** The latest outcomes, newest first. */
    public List<String> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
