package io.chorus.trainer.snapshot;

import io.chorus.audio.pcm.PcmSamples;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.features.Resampler;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.pcm.PcmLayout;
import io.chorus.schemas.topics.Topics;
import io.chorus.trainer.data.LabeledClip;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The expert-labelled clips of a retraining round: {@code labeled.clips} read up to the end
 * offsets taken when the round starts (so the round's data is fixed, and the offsets go into the
 * release's lineage), the latest revision per clip id, audio brought to the model's window and
 * labels to the model's label order. Clips of one recorder within one UTC hour count as one
 * recording, so train/validation splits never separate neighbouring windows.
 *
 * @param clips      the clips, in topic order
 * @param endOffsets end offset (exclusive) read per partition
 * @param unknownSpeciesLabels positive labels for species the model does not have (ignored)
 */
public record LabeledClipsSnapshot(List<LabeledClip> clips, Map<Integer, Long> endOffsets, int unknownSpeciesLabels) {

    public static LabeledClipsSnapshot read(KafkaClientSettings kafka, List<String> labelOrder, FeatureConfig features) {
        Map<String, io.chorus.schemas.avro.LabeledClip> latest = new LinkedHashMap<>();
        Map<Integer, Long> ends = new TreeMap<>();
        try (KafkaConsumer<String, io.chorus.schemas.avro.LabeledClip> consumer = new KafkaConsumer<>(
                kafka.consumer(null, Topics.LABELED_CLIPS), new StringDeserializer(), kafka.valueDeserializer(Topics.LABELED_CLIPS))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LABELED_CLIPS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
            endOffsets.forEach((tp, end) -> ends.put(tp.partition(), end));
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < endOffsets.get(tp))) {
                for (ConsumerRecord<String, io.chorus.schemas.avro.LabeledClip> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= endOffsets.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue; // arrived after the round started: next round's
                    }
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value()); // a later revision replaces the earlier
                    }
                }
            }
        }
        List<LabeledClip> clips = new ArrayList<>();
        int unknown = 0;
        for (io.chorus.schemas.avro.LabeledClip c : latest.values()) {
            int[] labels = new int[labelOrder.size()];
            for (int i = 0; i < c.getLabelSpace().size(); i++) {
                if (c.getMultiHot().get(i) == 0) {
                    continue;
                }
                int at = labelOrder.indexOf(c.getLabelSpace().get(i));
                if (at < 0) {
                    unknown++;
                } else {
                    labels[at] = 1;
                }
            }
            clips.add(new LabeledClip(c.getClipId(), recordingOf(c), c.getSiteId(), "train", window(c, features), labels));
        }
        return new LabeledClipsSnapshot(clips, ends, unknown);
    }

    static String recordingOf(io.chorus.schemas.avro.LabeledClip c) {
        return c.getRecorderId() + "/" + c.getWindowStart().truncatedTo(ChronoUnit.HOURS);
    }

    private static float[] window(io.chorus.schemas.avro.LabeledClip c, FeatureConfig features) {
        ByteBuffer b = c.getAudio();
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        int count = c.getFrameCount() * c.getChannels();
        PcmLayout layout = PcmLayout.of(c.getEncoding()).orElseThrow(() -> new IllegalArgumentException(
                "labeled clip " + c.getClipId() + " has encoding " + c.getEncoding()));
        float[] interleaved = PcmSamples.decode(bytes, 0, count, layout.bits(), layout.floating());
        return Resampler.toModelWindow(PcmSamples.downmix(interleaved, c.getChannels()), c.getSampleRateHz(), features);
    }

    /** The lineage's {@code labeledClipsEndOffsets}. */
    public Map<String, Long> endOffsetsForLineage() {
        Map<String, Long> out = new LinkedHashMap<>();
        endOffsets.forEach((p, o) -> out.put(Integer.toString(p), o));
        return out;
    }
}
