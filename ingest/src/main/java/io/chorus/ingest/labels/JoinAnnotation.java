package io.chorus.ingest.labels;

import io.chorus.schemas.avro.Annotation;
import io.chorus.schemas.avro.LabeledClip;
import io.chorus.schemas.avro.RejectedRecord;
import io.chorus.schemas.avro.ReviewRequest;
import io.chorus.schemas.topics.Topics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * One annotation: checked against the catalogue and the request table, compared with the
 * annotation already applied to the same request, and turned into a clip or a rejection.
 */
final class JoinAnnotation implements Processor<String, Annotation, String, LabelJoiner.JoinOutcome> {

    static final String STAGE = "ingest/label-joiner";
    /** Default registry: served by {@code chorus-ingest label-joiner}'s /metrics. */
    static final Counter OUTCOMES = Counter.builder().name("chorus_label_joiner_annotations_total")
            .help("Annotations by outcome: JOINED or the rejection's reason code").labelNames("outcome")
            .register(PrometheusRegistry.defaultRegistry);

    private final List<String> labelSpace;
    private final Set<String> known;
    private ProcessorContext<String, LabelJoiner.JoinOutcome> context;
    private TimestampedKeyValueStore<String, ReviewRequest> requests;
    /** requestId → "annotatedAtMillis revision" of the annotation the current clip was made from. */
    private KeyValueStore<String, String> latest;

    JoinAnnotation(List<String> labelSpace) {
        this.labelSpace = List.copyOf(labelSpace);
        this.known = Set.copyOf(labelSpace);
    }

    @Override
    public void init(ProcessorContext<String, LabelJoiner.JoinOutcome> context) {
        this.context = context;
        this.requests = context.getStateStore(LabelJoiner.REQUESTS_STORE);
        this.latest = context.getStateStore(LabelJoiner.LATEST_STORE);
    }

    @Override
    public void process(Record<String, Annotation> record) {
        Annotation a = record.value();
        String requestId = record.key();
        if (a == null) {
            return; // a tombstone carries no answer
        }
        if (requestId == null || !requestId.equals(a.getRequestId())) {
            reject(record, "KEY_MISMATCH", "annotation keyed " + requestId + " answers request " + a.getRequestId());
            return;
        }
        Set<String> unknown = new LinkedHashSet<>(a.getSpeciesPresent());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            reject(record, "UNKNOWN_SPECIES", "annotation of " + requestId + " by " + a.getAnnotator() + " names "
                    + unknown + ", not in the species catalogue (" + labelSpace.size() + " codes)");
            return;
        }
        ReviewRequest request = ValueAndTimestamp.getValueOrNull(requests.get(requestId));
        if (request == null) {
            reject(record, "UNKNOWN_REQUEST", "annotation by " + a.getAnnotator() + " answers review request "
                    + requestId + ", which the joiner has not seen");
            return;
        }
        long at = a.getAnnotatedAt().toEpochMilli();
        String previous = latest.get(requestId);
        int revision = 1;
        if (previous != null) {
            String[] parts = previous.split(" ");
            long previousAt = Long.parseLong(parts[0]);
            if (at < previousAt) {
                reject(record, "SUPERSEDED_ANNOTATION", "annotation of " + requestId + " by " + a.getAnnotator()
                        + " at " + a.getAnnotatedAt() + " is older than the one already applied ("
                        + Instant.ofEpochMilli(previousAt) + "); the later one wins");
                return;
            }
            revision = Integer.parseInt(parts[1]) + 1;
        }
        latest.put(requestId, at + " " + revision);
        OUTCOMES.labelValues("JOINED").inc();
        context.forward(record.withValue(new LabelJoiner.JoinOutcome(clip(request, a, revision), null)));
    }

    private LabeledClip clip(ReviewRequest r, Annotation a, int revision) {
        List<Integer> multiHot = new ArrayList<>(labelSpace.size());
        Set<String> present = Set.copyOf(a.getSpeciesPresent());
        for (String species : labelSpace) {
            multiHot.add(present.contains(species) ? 1 : 0);
        }
        return LabeledClip.newBuilder()
                .setClipId(r.getRequestId()).setRequestId(r.getRequestId())
                .setRecorderId(r.getRecorderId()).setSiteId(r.getSiteId())
                .setWindowStart(r.getWindowStart()).setWindowEnd(r.getWindowEnd())
                .setSampleRateHz(r.getSampleRateHz()).setChannels(r.getChannels()).setEncoding(r.getEncoding())
                .setFrameCount(r.getFrameCount()).setAudio(r.getAudio())
                .setLabelSpace(labelSpace).setMultiHot(multiHot)
                .setAnnotator(a.getAnnotator()).setAnnotatedAt(a.getAnnotatedAt()).setRevision(revision)
                .setRequestReason(r.getReason()).setModelName(r.getModelName()).setModelVersion(r.getModelVersion())
                .build();
    }

    private void reject(Record<String, Annotation> record, String code, String reason) {
        OUTCOMES.labelValues(code).inc();
        RecordMetadata meta = context.recordMetadata().orElse(null);
        RejectedRecord r = RejectedRecord.newBuilder()
                .setSourceTopic(meta == null ? Topics.ANNOTATIONS.name() : meta.topic())
                .setSourcePartition(meta == null ? null : meta.partition())
                .setSourceOffset(meta == null ? null : meta.offset())
                .setKey(record.key() == null ? null : java.nio.ByteBuffer.wrap(record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .setValue(null)
                .setReasonCode(code).setReason(reason).setStage(STAGE)
                .setRecorderId(null).setErrorClass(null).setRejectedAt(Instant.now())
                .build();
        context.forward(record.withValue(new LabelJoiner.JoinOutcome(null, r)));
    }
}
