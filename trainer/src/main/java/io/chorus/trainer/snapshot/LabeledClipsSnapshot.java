package io.chorus.trainer.snapshot;

import io.chorus.audio.pcm.PcmSamples;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.features.Resampler;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.kafka.TopicReads;
import io.chorus.schemas.pcm.PcmLayout;
import io.chorus.schemas.topics.Topics;
import io.chorus.trainer.data.LabeledClip;
import io.chorus.trainer.data.SkipReport;
import java.nio.ByteBuffer;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The expert-labelled clips of a retraining round: {@code labeled.clips} read up to the end
 * offsets taken when the round starts (so the round's data is fixed, and the offsets go into the
 * release's lineage), the latest revision per clip id, audio brought to the model's window and
 * labels to the model's label order. Clips of one recorder within one UTC hour count as one
 * recording, so train/validation splits never separate neighbouring windows.
 *
 * @param clips      the clips, by partition and then offset (of each clip's latest revision): the
 *                   order the consumer happens to interleave partitions in varies run to run, and a
 *                   round trained on the same offsets must see its clips in the same order to be
 *                   reproducible (the seeded splits and shuffles depend on it)
 * @param endOffsets end offset (exclusive) read per partition
 * @param unknownSpeciesLabels positive labels for species the model does not have (ignored)
 * @param skipped    records left out, by reason (unreadable record, labels and label space of
 *                   different lengths, audio that does not decode): one bad record must not stop
 *                   every later round, since the compacted topic keeps it
 */
public record LabeledClipsSnapshot(List<LabeledClip> clips, Map<Integer, Long> endOffsets, int unknownSpeciesLabels,
                                   SkipReport skipped) {

    public static LabeledClipsSnapshot read(KafkaClientSettings kafka, List<String> labelOrder, FeatureConfig features) {
        Map<String, io.chorus.schemas.avro.LabeledClip> latest = new LinkedHashMap<>();
        Map<String, TopicPosition> positions = new HashMap<>();
        Map<Integer, Long> ends = new TreeMap<>();
        SkipReport skipped = new SkipReport(false);
        Deserializer<io.chorus.schemas.avro.LabeledClip> values = kafka.valueDeserializer(Topics.LABELED_CLIPS);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                kafka.consumer(null, Topics.LABELED_CLIPS), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicReads.fromBeginningToEnd(consumer, Topics.LABELED_CLIPS.name(), r -> {
                if (r.value() == null) {
                    latest.remove(r.key());
                    return;
                }
                try {
                    latest.put(r.key(), values.deserialize(r.topic(), r.headers(), r.value())); // a later revision replaces the earlier
                    positions.put(r.key(), new TopicPosition(r.partition(), r.offset()));
                } catch (RuntimeException e) {
                    skipped.skip("UNREADABLE_RECORD", r.topic() + "-" + r.partition() + "@" + r.offset() + " (key " + r.key() + "): "
                            + e.getMessage());
                }
            }).forEach((tp, end) -> ends.put(tp.partition(), end));
        }
        List<LabeledClip> clips = new ArrayList<>();
        int unknown = 0;
        List<String> keys = new ArrayList<>(latest.keySet());
        keys.sort(Comparator.comparing(positions::get));
        for (String key : keys) {
            io.chorus.schemas.avro.LabeledClip c = latest.get(key);
            if (c.getLabelSpace().size() != c.getMultiHot().size()) {
                skipped.skip("BAD_LABELS", "labeled clip " + c.getClipId() + ": " + c.getMultiHot().size() + " labels for a label space of "
                        + c.getLabelSpace().size());
                continue;
            }
            float[] audio;
            try {
                audio = window(c, features);
            } catch (RuntimeException e) {
                skipped.skip("BAD_AUDIO", "labeled clip " + c.getClipId() + ": " + e);
                continue;
            }
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
            clips.add(new LabeledClip(c.getClipId(), recordingOf(c), c.getSiteId(), "train", audio, labels));
        }
        return new LabeledClipsSnapshot(clips, ends, unknown, skipped);
    }

    /** Where a record lies on the topic; orders partition first, then offset. */
    record TopicPosition(int partition, long offset) implements Comparable<TopicPosition> {
        @Override
        public int compareTo(TopicPosition o) {
            return partition != o.partition ? Integer.compare(partition, o.partition) : Long.compare(offset, o.offset);
        }
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
