package io.chorus.ingest.labels;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.schemas.serde.PlainAvroSerdes;

import io.chorus.schemas.avro.Annotation;
import io.chorus.schemas.avro.AudioEncoding;
import io.chorus.schemas.avro.LabeledClip;
import io.chorus.schemas.avro.RejectedRecord;
import io.chorus.schemas.avro.ReviewReason;
import io.chorus.schemas.avro.ReviewRequest;
import io.chorus.schemas.avro.SpeciesScore;
import io.chorus.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The label joiner's topology in Kafka Streams' TopologyTestDriver. */
class LabelJoinerTest {

    static final List<String> CATALOGUE = List.of("BOAFAB", "PHYCUV", "DENMIN", "SCIPER");
    static final LabelJoiner.TopicSerdes SERDES = new LabelJoiner.TopicSerdes(PlainAvroSerdes.of(ReviewRequest.class),
            PlainAvroSerdes.of(Annotation.class), PlainAvroSerdes.of(LabeledClip.class), PlainAvroSerdes.of(RejectedRecord.class));
    static final Instant T = Instant.parse("2026-11-20T21:00:00Z");

    TopologyTestDriver driver;
    TestInputTopic<String, ReviewRequest> requests;
    TestInputTopic<String, Annotation> annotations;
    TestOutputTopic<String, LabeledClip> clips;
    TestOutputTopic<String, RejectedRecord> rejected;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        LabelJoiner.build(builder, SERDES, CATALOGUE);
        Properties p = new Properties();
        p.put("application.id", "label-joiner-test");
        p.put("bootstrap.servers", "unused:9092");
        driver = new TopologyTestDriver(builder.build(), p);
        requests = driver.createInputTopic(Topics.REVIEW_REQUESTS.name(), Serdes.String().serializer(), SERDES.requests().serializer());
        annotations = driver.createInputTopic(Topics.ANNOTATIONS.name(), Serdes.String().serializer(), SERDES.annotations().serializer());
        clips = driver.createOutputTopic(Topics.LABELED_CLIPS.name(), Serdes.String().deserializer(), SERDES.clips().deserializer());
        rejected = driver.createOutputTopic(Topics.ANNOTATIONS_REJECTED.name(), Serdes.String().deserializer(),
                SERDES.rejected().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    static ReviewRequest request(String id) {
        return ReviewRequest.newBuilder()
                .setRequestId(id).setWindowId("rec-1/1").setRecorderId("rec-1").setSiteId("site-a")
                .setWindowStart(T).setWindowEnd(T.plusSeconds(3)).setSampleRateHz(22_050).setChannels(1)
                .setEncoding(AudioEncoding.PCM_F32LE).setFrameCount(4).setAudio(ByteBuffer.wrap(new byte[16]))
                .setScores(List.of(new SpeciesScore("BOAFAB", 0.5f))).setDetectedSpecies(List.of())
                .setReason(ReviewReason.UNCERTAIN).setReasonDetail("test").setModelName("m").setModelVersion(3)
                .setRequestedAt(T).build();
    }

    static Annotation annotation(String id, Instant at, String... species) {
        return Annotation.newBuilder().setRequestId(id).setSpeciesPresent(List.of(species)).setAnnotator("expert-1")
                .setAnnotatedAt(at).setNotes(null).build();
    }

    @Test
    void joinsAnAnnotationDaysLaterWithItsRequest() {
        requests.pipeInput("r1", request("r1"), T);
        annotations.pipeInput("r1", annotation("r1", T.plus(Duration.ofDays(4)), "PHYCUV", "SCIPER"), T.plus(Duration.ofDays(4)));
        LabeledClip clip = clips.readValue();
        assertThat(clip.getClipId()).isEqualTo("r1");
        assertThat(clip.getLabelSpace()).containsExactlyElementsOf(CATALOGUE);
        assertThat(clip.getMultiHot()).containsExactly(0, 1, 0, 1);
        assertThat(clip.getRevision()).isEqualTo(1);
        assertThat(clip.getRecorderId()).isEqualTo("rec-1");
        assertThat(clip.getAudio().remaining()).isEqualTo(16);
        assertThat(clip.getRequestReason()).isEqualTo(ReviewReason.UNCERTAIN);
        assertThat(clip.getModelVersion()).isEqualTo(3);
        assertThat(rejected.isEmpty()).isTrue();
    }

    @Test
    void aLaterAnnotationReplacesTheClipAndAnOlderOneIsRejected() {
        requests.pipeInput("r1", request("r1"), T);
        annotations.pipeInput("r1", annotation("r1", T.plusSeconds(100), "BOAFAB"));
        annotations.pipeInput("r1", annotation("r1", T.plusSeconds(200)));
        annotations.pipeInput("r1", annotation("r1", T.plusSeconds(150), "DENMIN"));
        List<LabeledClip> out = clips.readValuesToList();
        assertThat(out).extracting(LabeledClip::getRevision).containsExactly(1, 2);
        assertThat(out.get(1).getMultiHot()).containsExactly(0, 0, 0, 0);
        RejectedRecord r = rejected.readValue();
        assertThat(r.getReasonCode()).isEqualTo("SUPERSEDED_ANNOTATION");
        assertThat(r.getStage()).isEqualTo("ingest/label-joiner");
        assertThat(r.getSourceTopic()).isEqualTo("annotations");
        assertThat(r.getSourceOffset()).isEqualTo(2L);
    }

    @Test
    void rejectsUnknownRequestsAndUnknownSpecies() {
        double before = JoinAnnotation.OUTCOMES.labelValues("UNKNOWN_SPECIES").get();
        annotations.pipeInput("nope", annotation("nope", T, "BOAFAB"));
        requests.pipeInput("r2", request("r2"), T);
        annotations.pipeInput("r2", annotation("r2", T, "BOAFAB", "XXXYYY"));
        List<RejectedRecord> out = rejected.readValuesToList();
        assertThat(out).extracting(RejectedRecord::getReasonCode).containsExactly("UNKNOWN_REQUEST", "UNKNOWN_SPECIES");
        assertThat(out.get(0).getReason()).contains("nope");
        assertThat(out.get(1).getReason()).contains("XXXYYY");
        assertThat(clips.isEmpty()).isTrue();
        assertThat(JoinAnnotation.OUTCOMES.labelValues("UNKNOWN_SPECIES").get()).isEqualTo(before + 1);
    }
}
