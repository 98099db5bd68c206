package io.chorus.model.artifact;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.network.Architecture;
import io.chorus.model.network.MobileNetV3;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A trained model as one byte array or file: a zip of {@code manifest.json} and
 * {@code parameters.bin} (DJL's parameter encoding). Loading checks the parameters against the
 * manifest's SHA-256 and refuses a mismatch.
 */
public final class ModelArtifact {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String MANIFEST = "manifest.json";
    private static final String PARAMETERS = "parameters.bin";

    private final ModelManifest manifest;
    private final byte[] parameters;

    private ModelArtifact(ModelManifest manifest, byte[] parameters) {
        this.manifest = manifest;
        this.parameters = parameters;
    }

    /** Captures a network's current parameters with its description. */
    public static ModelArtifact capture(MobileNetV3 net, ModelManifest description) {
        byte[] params = parametersOf(net);
        ModelManifest m = new ModelManifest(ModelManifest.FORMAT, net.architecture().id(), description.labels(),
                description.rareLabels(), description.thresholds(), description.features(), description.metrics(),
                description.data(), description.createdAt(), sha256Hex(params));
        if (m.labels().size() != net.classes()) {
            throw new IllegalArgumentException(m.labels().size() + " labels for a network with " + net.classes() + " outputs");
        }
        return new ModelArtifact(m, params);
    }

    /**
     * A freshly initialised (untrained) network of an architecture, with the description's labels,
     * rare group, thresholds and front end: what the inference benchmarks time (speed does not
     * depend on the weights) and what tests serve when any fixed scores will do.
     */
    public static ModelArtifact untrained(Architecture architecture, ModelManifest description) {
        FeatureConfig f = description.features();
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            MobileNetV3 net = new MobileNetV3(architecture, description.labels().size());
            net.initialize(m, DataType.FLOAT32, new Shape(1, 1, f.nMels(), f.frames()));
            return capture(net, description);
        }
    }

    /** DJL's encoding of a network's parameters (used for artifacts and best-epoch snapshots). */
    public static byte[] parametersOf(MobileNetV3 net) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            net.saveParameters(data);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise parameters", e);
        }
        return out.toByteArray();
    }

    /** Loads parameters captured by {@link #parametersOf} into an initialised network of the same architecture. */
    public static void restore(MobileNetV3 net, NDManager manager, byte[] parameters) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            net.loadParameters(manager, in);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalArgumentException("parameters do not fit " + net.architecture().id() + ": " + e.getMessage(), e);
        }
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** The parameters, as {@link #parametersOf} encodes them (a warm start loads them with {@link #restore}). */
    public byte[] parameters() {
        return parameters.clone();
    }

    /** A fresh network with these parameters, on the manager's device. */
    public MobileNetV3 instantiate(NDManager manager) {
        MobileNetV3 net = new MobileNetV3(Architecture.parse(manifest.architecture()), manifest.labels().size());
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, manifest.features().nMels(), manifest.features().frames()));
        restore(net, manager, parameters);
        return net;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(entry(MANIFEST));
            zip.write(JSON.writeValueAsBytes(manifest));
            zip.closeEntry();
            zip.putNextEntry(entry(PARAMETERS));
            zip.write(parameters);
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write model artifact", e);
        }
        return out.toByteArray();
    }

    /**
     * A zip entry with a fixed time: otherwise each entry records the current time (2-s steps), the
     * same model packs to different bytes a moment later, and its SHA-256 changes with it.
     */
    private static ZipEntry entry(String name) {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(java.time.LocalDateTime.of(1980, 1, 1, 0, 0));
        return e;
    }

    /**
     * @throws IOException naming what is wrong: not a zip, an entry missing, or parameters that do
     *                     not match the manifest's checksum
     */
    public static ModelArtifact fromBytes(byte[] bytes) throws IOException {
        ModelManifest manifest = null;
        byte[] parameters = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                byte[] content = zip.readAllBytes();
                if (e.getName().equals(MANIFEST)) {
                    manifest = JSON.readValue(content, ModelManifest.class);
                } else if (e.getName().equals(PARAMETERS)) {
                    parameters = content;
                }
            }
        }
        if (manifest == null || parameters == null) {
            throw new IOException("model artifact is incomplete: " + (manifest == null ? MANIFEST : PARAMETERS) + " missing");
        }
        if (!ModelManifest.FORMAT.equals(manifest.format())) {
            throw new IOException("model artifact format '" + manifest.format() + "' is not " + ModelManifest.FORMAT);
        }
        String actual = sha256Hex(parameters);
        if (!actual.equals(manifest.parametersSha256())) {
            throw new IOException("model artifact parameters do not match their checksum: manifest says "
                    + manifest.parametersSha256() + ", content is " + actual);
        }
        return new ModelArtifact(manifest, parameters);
    }

    public void save(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, toBytes());
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static ModelArtifact load(Path file) throws IOException {
        try {
            return fromBytes(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
