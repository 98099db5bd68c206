package io.chorus.console.review;

import io.chorus.schemas.avro.Annotation;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes reviewers' answers to {@code annotations} through the registry serializer, waiting for the broker's ack. */
public final class AnnotationWriter implements AutoCloseable {

    private final KafkaProducer<String, Annotation> producer;

    public AnnotationWriter(KafkaClientSettings kafka, String clientId) {
        this.producer = new KafkaProducer<>(kafka.producer(clientId, Topics.ANNOTATIONS), new StringSerializer(),
                kafka.valueSerializer(Topics.ANNOTATIONS));
    }

    /** @return the annotation as written */
    public Annotation write(String requestId, List<String> species, String annotator, String notes, Instant at) {
        Annotation a = Annotation.newBuilder().setRequestId(requestId).setSpeciesPresent(List.copyOf(species)).setAnnotator(annotator)
                .setAnnotatedAt(at).setNotes(notes == null || notes.isBlank() ? null : notes).build();
        try {
            producer.send(new ProducerRecord<>(Topics.ANNOTATIONS.name(), requestId, a)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the annotation of " + requestId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the annotation of " + requestId + " could not be written to "
                    + Topics.ANNOTATIONS.name() + ": " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
        return a;
    }

    @Override
    public void close() {
        producer.close();
    }
}
