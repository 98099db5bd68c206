package io.chorus.model.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.model.network.Architecture;
import io.chorus.model.network.MobileNetV3;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {

    static final FeatureConfig FEATURES = new FeatureConfig(16_000, 1.0, 1.0, 256, 128, 32, 0, 8_000);

    static ModelArtifact trainedLooking(NDManager manager) {
        MobileNetV3 net = new MobileNetV3(Architecture.small(0.25), 3);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, FEATURES.nMels(), FEATURES.frames()));
        return ModelArtifact.capture(net, new ModelManifest(null, null, List.of("SPHSUR", "BOABIS", "ADEDIP"), List.of("ADEDIP"),
                Map.of("SPHSUR", 0.5f, "BOABIS", 0.4f, "ADEDIP", 0.3f), FEATURES, Map.of("macroF1", 0.5), Map.of("set", "test"),
                "2026-11-27T00:00:00Z", null));
    }

    static List<float[]> windows(int n) {
        Random rng = new Random(1);
        List<float[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] w = new float[FEATURES.windowSamples()];
            for (int j = 0; j < w.length; j++) {
                w[j] = (float) (0.1 * rng.nextGaussian());
            }
            out.add(w);
        }
        return out;
    }

    @Test
    void theSameModelPacksToTheSameBytesAcrossAClockTick() throws Exception {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ModelArtifact model = trainedLooking(manager);
            byte[] first = model.toBytes();
            Thread.sleep(2_100); // zip entry times step every 2 s
            // Compared by hash: a failure prints two digests, not the artifacts' bytes.
            assertThat(ModelArtifact.sha256Hex(model.toBytes())).isEqualTo(ModelArtifact.sha256Hex(first));
        }
    }

    @Test
    void bytesAndFilesRoundTripToBitIdenticalScores(@TempDir Path dir) throws Exception {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ModelArtifact original = trainedLooking(manager);
            ModelArtifact fromBytes = ModelArtifact.fromBytes(original.toBytes());
            original.save(dir.resolve("m.chorus"));
            ModelArtifact fromFile = ModelArtifact.load(dir.resolve("m.chorus"));

            assertThat(fromBytes.manifest()).isEqualTo(original.manifest());
            assertThat(fromFile.manifest().features()).isEqualTo(FEATURES);
            List<float[]> windows = windows(5);
            try (WindowClassifier a = new WindowClassifier(original, ai.djl.Device.cpu());
                 WindowClassifier b = new WindowClassifier(fromBytes, ai.djl.Device.cpu());
                 WindowClassifier c = new WindowClassifier(fromFile, ai.djl.Device.cpu())) {
                float[][] sa = a.scores(windows);
                assertThat(b.scores(windows)).isDeepEqualTo(sa);
                assertThat(c.scores(windows)).isDeepEqualTo(sa);
                assertThat(sa).hasNumberOfRows(5);
                assertThat(sa[0]).hasSize(3);
                assertThatThrownBy(() -> a.scores(List.of(new float[10]))).hasMessageContaining("needs 16000");
            }
        }
    }

    @Test
    void tamperedOrIncompleteArtifactsAreRefused() throws Exception {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            byte[] good = trainedLooking(manager).toBytes();
            assertThatThrownBy(() -> ModelArtifact.fromBytes(new byte[] {1, 2, 3})).hasMessageContaining("incomplete");
            // Flip the manifest's checksum by re-zipping a different parameter payload.
            ModelArtifact a = ModelArtifact.fromBytes(good);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
                zip.putNextEntry(new java.util.zip.ZipEntry("manifest.json"));
                zip.write(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(a.manifest()));
                zip.putNextEntry(new java.util.zip.ZipEntry("parameters.bin"));
                zip.write(new byte[] {9, 9, 9});
            }
            assertThatThrownBy(() -> ModelArtifact.fromBytes(out.toByteArray())).hasMessageContaining("checksum");
        }
    }
}
