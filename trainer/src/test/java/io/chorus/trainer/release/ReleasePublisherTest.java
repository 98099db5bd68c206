package io.chorus.trainer.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.embedded.EmbeddedStack;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.release.ModelReleases;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import io.chorus.testsupport.models.TestReleases;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Releases appear whole or not at all, and never over a champion that changed meanwhile. */
class ReleasePublisherTest {

    @TempDir
    Path dir;

    static final ModelArtifact ARTIFACT = TestReleases.untrained(List.of("SPHSUR", "BOABIS", "ADEDIP"));

    static ModelRelease release(int version, Integer parent) throws Exception {
        return ModelReleases.build("line", version, parent, ARTIFACT, TestReleases.metrics(0.5), null, TestReleases.lineage(), "test");
    }

    @Test
    void aTransactionLeftOpenByADeadTrainerIsAbortedAndNeverSeenByTheJob() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0)) {
            KafkaClientSettings kafka = stack.clientSettings();
            // A trainer that sent its release and died before committing.
            Map<String, Object> config = kafka.producer("dead", Topics.MODELS);
            config.put("transactional.id", ReleasePublisher.transactionalId("line"));
            KafkaProducer<String, ModelRelease> dead = new KafkaProducer<>(config, new StringSerializer(), kafka.valueSerializer(Topics.MODELS));
            dead.initTransactions();
            dead.beginTransaction();
            dead.send(new ProducerRecord<>(Topics.MODELS.name(), "line", release(1, null))).get();
            assertThat(ModelLine.read(kafka, "line").releases()).as("open transaction: invisible to read_committed").isEmpty();

            ReleasePublisher publisher = new ReleasePublisher(kafka);
            ModelRelease v1 = release(1, null);
            v1.setNotes("the restarted trainer's");
            publisher.publish(v1, 0); // fences the dead producer and aborts its transaction
            dead.close(java.time.Duration.ZERO);

            ModelLine line = ModelLine.read(kafka, "line");
            assertThat(line.releases()).singleElement().satisfies(r -> assertThat(r.getNotes()).isEqualTo("the restarted trainer's"));
            assertThat(line.latestVersion()).isEqualTo(1);

            assertThatThrownBy(() -> publisher.publish(release(2, 1), 0)).isInstanceOf(ChampionChangedException.class)
                    .hasMessageContaining("line is at v1 now, not v0");
            assertThat(ModelLine.read(kafka, "line").releases()).hasSize(1);
        }
    }
}
