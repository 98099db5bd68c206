package io.chorus.stream.job;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.audio.pcm.PcmSamples;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.artifact.ModelManifest;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.features.Resampler;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.model.network.Architecture;
import io.chorus.model.network.MobileNetV3;
import io.chorus.schemas.avro.ArtifactCompression;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.avro.AudioEncoding;
import io.chorus.schemas.avro.Lineage;
import io.chorus.schemas.avro.ModelMetrics;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.TopicSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Models, releases, recorder audio and Kafka helpers for the job tests. */
public final class JobFixtures {

    public static final List<String> LABELS = List.of("BOAFAB", "PHYCUV", "DENMIN", "SCIPER", "LEPLAT");
    public static final String MODEL = "test-line";
    public static final int RATE = 22_050;

    private JobFixtures() {
    }

    /** A small, randomly initialised network: real parameters, arbitrary but fixed scores. */
    public static ModelArtifact randomModel(List<String> labels) {
        FeatureConfig features = FeatureConfig.defaults();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            MobileNetV3 net = new MobileNetV3(Architecture.small(0.25), labels.size());
            net.initialize(m, DataType.FLOAT32, new Shape(1, 1, features.nMels(), features.frames()));
            return ModelArtifact.capture(net, new ModelManifest(null, null, labels, List.of(labels.get(labels.size() - 1)),
                    Map.of(), features, Map.of(), Map.of("set", "test"), Instant.now().toString(), null));
        }
    }

    public static ModelRelease release(String name, int version, ModelArtifact artifact) {
        return release(name, version, artifact.toBytes(), artifact.manifest().labels(), artifact.manifest().architecture(),
                artifact.manifest().features());
    }

    public static ModelRelease release(String name, int version, byte[] artifact, List<String> labels, String architecture) {
        return release(name, version, artifact, labels, architecture, FeatureConfig.defaults());
    }

    public static ModelRelease release(String name, int version, byte[] artifact, List<String> labels, String architecture,
                                       FeatureConfig features) {
        return ModelRelease.newBuilder()
                .setModelName(name).setVersion(version).setParentVersion(version > 1 ? version - 1 : null)
                .setCreatedAt(Instant.now()).setArchitecture(architecture).setLabels(labels)
                .setRareLabels(List.of(labels.get(labels.size() - 1))).setThresholds(Map.of())
                .setFeatureConfig(features.toAvro())
                .setArtifact(ByteBuffer.wrap(artifact)).setArtifactCompression(ArtifactCompression.NONE)
                .setArtifactSha256(ModelArtifact.sha256Hex(artifact)).setArtifactSizeBytes(artifact.length)
                .setMetrics(ModelMetrics.newBuilder().setEvaluationSet("test").setSampleCount(0).setMacroF1(0).build())
                .setLineage(Lineage.newBuilder().setBaseDatasetName("test").setBaseDatasetSha256("0").setMixer("none")
                        .setRecipe("{}").setSeed(1).build())
                .build();
    }

    /** The same artifact with its manifest claiming other labels (the head no longer matches). */
    public static byte[] withManifestLabels(byte[] artifact, List<String> labels) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(artifact));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals("manifest.json")) {
                    ObjectNode manifest = (ObjectNode) json.readTree(content);
                    ArrayNode l = manifest.putArray("labels");
                    labels.forEach(l::add);
                    manifest.putArray("rareLabels").add(labels.get(labels.size() - 1));
                    content = json.writeValueAsBytes(manifest);
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Seeded recorder audio: noise with a few tones, as 16-bit PCM decoded back (what the job will see). */
    public static float[] recorderAudio(long seed, double seconds) {
        Random rng = new Random(seed);
        float[] x = new float[(int) Math.round(seconds * RATE)];
        double f = 800 + rng.nextInt(3000);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.05 * rng.nextGaussian() + 0.2 * Math.sin(2 * Math.PI * f * i / RATE) * ((i / RATE) % 2));
        }
        byte[] pcm = PcmSamples.encode16(x);
        return PcmSamples.decode(pcm, 0, x.length, 16, false);
    }

    /** One chunk of {@code audio} from sample {@code from}, {@code frames} long. */
    public static AudioChunk chunk(String recorder, String site, long seq, long startMicros, float[] audio, int from, int frames) {
        float[] part = java.util.Arrays.copyOfRange(audio, from, from + frames);
        return AudioChunk.newBuilder()
                .setRecorderId(recorder).setSiteId(site).setSequenceNumber(seq)
                .setStartTime(Instant.ofEpochSecond(0, startMicros * 1000))
                .setSampleRateHz(RATE).setChannels(1).setEncoding(AudioEncoding.PCM_S16LE).setFrameCount(frames)
                .setData(ByteBuffer.wrap(PcmSamples.encode16(part)))
                .setSource("test").setSourceOffsetSeconds(null).setPublishedAt(Instant.now()).setAttributes(Map.of())
                .build();
    }

    /** Scores the window that starts {@code offsetMicros} into a recorder's audio, the way {@code trainer evaluate} would. */
    public static float[] offlineScores(WindowClassifier classifier, float[] audio, long offsetMicros) {
        int from = (int) Math.round(offsetMicros * RATE / 1e6);
        int n = (int) Math.round(3.0 * RATE);
        float[] window = java.util.Arrays.copyOfRange(audio, from, from + n);
        return classifier.scores(List.of(Resampler.toModelWindow(window, RATE, classifier.features())))[0];
    }

    public static <V extends org.apache.avro.specific.SpecificRecord> KafkaProducer<String, V> producer(
            KafkaClientSettings settings, TopicSpec<String, V> topic) {
        return new KafkaProducer<>(settings.producer("test-" + topic.name(), topic), new StringSerializer(),
                settings.valueSerializer(topic));
    }

    public static <V extends org.apache.avro.specific.SpecificRecord> void send(KafkaProducer<String, V> producer,
                                                                                  TopicSpec<String, V> topic, String key, V value) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads committed records matching {@code wanted} until {@code count} arrived or the time is up. */
    /** Per partition: the read_committed end (last stable offset) and the log end, e.g. "p0 LSO 3 / end 5". */
    public static String offsetsReport(KafkaClientSettings settings, TopicSpec<String, ?> topic) {
        List<String> parts = new ArrayList<>();
        Map<String, Object> committed = settings.consumer(null, topic);
        Map<String, Object> uncommitted = new java.util.HashMap<>(committed);
        uncommitted.put("isolation.level", "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(committed, new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
             KafkaConsumer<byte[], byte[]> u = new KafkaConsumer<>(uncommitted, new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                     new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> tps = c.partitionsFor(topic.name()).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            Map<org.apache.kafka.common.TopicPartition, Long> lso = c.endOffsets(tps);
            Map<org.apache.kafka.common.TopicPartition, Long> end = u.endOffsets(tps);
            for (org.apache.kafka.common.TopicPartition tp : tps) {
                parts.add("p" + tp.partition() + " LSO " + lso.get(tp) + " / end " + end.get(tp));
            }
        }
        return String.join(", ", parts);
    }

    public static <V extends org.apache.avro.specific.SpecificRecord> List<V> readCommitted(
            KafkaClientSettings settings, TopicSpec<String, V> topic, Predicate<V> wanted, int count, Duration timeout) {
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(settings.consumer(null, topic), new StringDeserializer(),
                settings.valueDeserializer(topic))) {
            List<org.apache.kafka.common.TopicPartition> parts = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(r.value())) {
                        out.add(r.value());
                    }
                }
            }
            if (out.size() < count) {
                // Diagnose a miss: records written but not yet committed (an open transaction holds the
                // last stable offset back) or never written at all.
                System.out.println("readCommitted(" + topic.name() + "): " + out.size() + " of " + count + " within " + timeout + "; "
                        + offsetsReport(settings, topic));
            }
            // A little longer, so a duplicate arriving just after the expected count is seen too.
            long grace = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < grace) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(r.value())) {
                        out.add(r.value());
                    }
                }
            }
        }
        return out;
    }
}
