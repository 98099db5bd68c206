package io.chorus.console.monitor;

import io.chorus.audio.pcm.PcmSamples;
import io.chorus.audio.wav.WavAudio;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.kafka.KeyPartition;
import io.chorus.schemas.pcm.PcmLayout;
import io.chorus.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A window's audio read back from {@code audio.chunks} (kept 3 days), for alert windows the job
 * did not send to review. Reads the recorder's partition from {@code offsetsForTimes(start)} — a
 * chunk is published after it was recorded — until a chunk of that recorder starts at or after
 * the window's end, or {@code maxRecords} have been scanned. Mono (channels averaged), at the
 * recorder's rate; a gap inside the window stays silent.
 */
public final class WindowAudioReader {

    /** What came back: the audio, or why there is none. */
    public record Result(Optional<WavAudio> audio, String reason) {
    }

    private final KafkaClientSettings kafka;
    private final int maxRecords;

    public WindowAudioReader(KafkaClientSettings kafka, int maxRecords) {
        this.kafka = kafka;
        this.maxRecords = maxRecords;
    }

    public Result read(String recorderId, Instant start, Instant end) {
        try (KafkaConsumer<String, AudioChunk> consumer = new KafkaConsumer<>(kafka.consumer(null, Topics.AUDIO_CHUNKS),
                new StringDeserializer(), kafka.valueDeserializer(Topics.AUDIO_CHUNKS))) {
            int partitions = consumer.partitionsFor(Topics.AUDIO_CHUNKS.name(), Duration.ofSeconds(30)).size();
            TopicPartition tp = new TopicPartition(Topics.AUDIO_CHUNKS.name(), KeyPartition.of(recorderId, partitions));
            consumer.assign(List.of(tp));
            OffsetAndTimestamp from = consumer.offsetsForTimes(Map.of(tp, start.toEpochMilli()), Duration.ofSeconds(30)).get(tp);
            long endOffset = consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
            if (from == null) {
                return new Result(Optional.empty(), "no audio of " + recorderId + " on " + Topics.AUDIO_CHUNKS.name() + " published after " + start);
            }
            consumer.seek(tp, from.offset());
            float[] out = null;
            int rate = 0;
            long scanned = 0;
            boolean any = false;
            while (scanned < maxRecords && consumer.position(tp) < endOffset) {
                for (ConsumerRecord<String, AudioChunk> r : consumer.poll(Duration.ofMillis(500))) {
                    scanned++;
                    AudioChunk c = r.value();
                    if (c == null || !recorderId.equals(c.getRecorderId())) {
                        continue;
                    }
                    if (!c.getStartTime().isBefore(end)) {
                        return any ? new Result(Optional.of(new WavAudio(rate, 1, out)), "")
                                : new Result(Optional.empty(), "no chunk of " + recorderId + " covers " + start + " – " + end);
                    }
                    Optional<PcmLayout> layout = PcmLayout.of(c.getEncoding());
                    if (layout.isEmpty()) {
                        continue;
                    }
                    if (out == null) {
                        rate = c.getSampleRateHz();
                        out = new float[(int) Math.round(Duration.between(start, end).toNanos() / 1e9 * rate)];
                    }
                    if (c.getSampleRateHz() != rate) {
                        continue; // a rate change inside a window: keep the first rate's chunks
                    }
                    long chunkStartFrame = Math.round(Duration.between(start, c.getStartTime()).toNanos() / 1e9 * rate);
                    if (chunkStartFrame + c.getFrameCount() <= 0) {
                        continue;
                    }
                    ByteBuffer data = c.getData().duplicate();
                    byte[] bytes = new byte[data.remaining()];
                    data.get(bytes);
                    float[] samples;
                    try {
                        samples = PcmSamples.downmix(PcmSamples.decode(bytes, 0, c.getFrameCount() * c.getChannels(),
                                layout.get().bits(), layout.get().floating()), c.getChannels());
                    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                        continue; // a chunk the job dead-lettered too: its part of the window stays silent
                    }
                    for (int i = 0; i < samples.length; i++) {
                        long at = chunkStartFrame + i;
                        if (at >= 0 && at < out.length) {
                            out[(int) at] = samples[i];
                            any = true;
                        }
                    }
                }
            }
            return any ? new Result(Optional.of(new WavAudio(rate, 1, out)), "")
                    : new Result(Optional.empty(), "no chunk of " + recorderId + " covers " + start + " – " + end + " (scanned "
                    + scanned + " records of " + Topics.AUDIO_CHUNKS.name() + ")");
        }
    }
}
