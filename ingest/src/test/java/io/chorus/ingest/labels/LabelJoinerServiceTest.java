package io.chorus.ingest.labels;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.embedded.EmbeddedStack;
import io.chorus.schemas.avro.LabeledClip;
import io.chorus.schemas.avro.RejectedRecord;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import io.chorus.testsupport.kafka.CommittedRecords;
import io.chorus.testsupport.kafka.TestProducers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
            TestProducers.sendOne(kafka, Topics.REVIEW_REQUESTS, "r1", LabelJoinerTest.request("r1"));
            TestProducers.sendOne(kafka, Topics.ANNOTATIONS, "r1", LabelJoinerTest.annotation("r1", t.plusSeconds(10), "BOAFAB"));
            TestProducers.sendOne(kafka, Topics.ANNOTATIONS, "r1", LabelJoinerTest.annotation("r1", t.plusSeconds(20), "BOAFAB", "DENMIN"));
            TestProducers.sendOne(kafka, Topics.ANNOTATIONS, "ghost", LabelJoinerTest.annotation("ghost", t, "BOAFAB"));

            List<LabeledClip> clips = CommittedRecords.await(kafka, Topics.LABELED_CLIPS, v -> true, 2, Duration.ofSeconds(60));
            assertThat(clips).extracting(LabeledClip::getRevision).containsExactly(1, 2);
            assertThat(clips.get(1).getMultiHot()).containsExactly(1, 0, 1, 0);
            List<RejectedRecord> rejected = CommittedRecords.await(kafka, Topics.ANNOTATIONS_REJECTED, v -> true, 1, Duration.ofSeconds(60));
            assertThat(rejected).extracting(RejectedRecord::getReasonCode).containsExactly("UNKNOWN_REQUEST");
        }
    }
}
