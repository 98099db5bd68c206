package io.chorus.it.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.embedded.EmbeddedStack;
import io.chorus.it.SharedStack;
import io.chorus.it.serde.SampleRecords;
import io.chorus.schemas.avro.Annotation;
import io.chorus.schemas.avro.AudioChunk;
import io.chorus.schemas.registry.SchemaRegistryClient;
import io.chorus.schemas.serde.RegistryAvroDeserializer;
import io.chorus.schemas.serde.RegistryAvroSerializer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interoperability with Confluent's official client: the npm package
 * {@code @confluentinc/schemaregistry} registers and fetches a schema on the embedded registry,
 * decodes bytes written by our serializer, and encodes bytes our deserializer reads.
 * The package is installed here ({@code npm ci} into target/) from the committed lock file.
 * Skipped, with one log line, only where {@code node} is not on the PATH.
 */
class ConfluentJsClientInteropTest {

    private static final Logger LOG = LoggerFactory.getLogger(ConfluentJsClientInteropTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path workDir;

    @BeforeAll
    static void installTheOfficialClient() throws Exception {
        if (!onPath("node") || !onPath("npm")) {
            LOG.warn("Skipping Confluent JS client interoperability test: node/npm not found on PATH");
            Assumptions.abort("node/npm not found on PATH");
        }
        Path source = Path.of("src/test/node").toAbsolutePath();
        workDir = Path.of("target/node-interop").toAbsolutePath();
        Files.createDirectories(workDir);
        for (String file : List.of("package.json", "package-lock.json", "interop.mjs")) {
            Files.copy(source.resolve(file), workDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(workDir.resolve("node_modules/@confluentinc/schemaregistry"))) {
            LOG.info("installing @confluentinc/schemaregistry with npm ci into {}", workDir);
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), 600);
        }
    }

    @Test
    void theOfficialClientRegistersReadsDecodesAndEncodesAgainstChorus() throws Exception {
        EmbeddedStack stack = SharedStack.get();
        SchemaRegistryClient registry = stack.clientSettings().registryClient();

        // Bytes from our serializer, for the JS deserializer.
        AudioChunk chunk = SampleRecords.audioChunk();
        byte[] ours = new RegistryAvroSerializer<AudioChunk>(registry).serialize("interop-java", chunk);

        ObjectNode input = JSON.createObjectNode();
        input.put("registryUrl", stack.schemaRegistryUrl());
        input.putObject("register").put("subject", "interop-js-value").put("schema", Annotation.getClassSchema().toString());
        input.putObject("decode").put("topic", "interop-java").put("base64", Base64.getEncoder().encodeToString(ours));
        ObjectNode message = JSON.createObjectNode();
        message.put("requestId", "req-42");
        message.putArray("speciesPresent").add("BOAFAB").add("PHYCUV");
        message.put("annotator", "js-expert");
        message.put("annotatedAt", 1_795_662_855_926L);
        message.put("notes", "typed in Node");
        input.putObject("encode").put("topic", "interop-js").set("message", message);
        Path inputFile = workDir.resolve("input.json");
        Files.writeString(inputFile, input.toString());

        JsonNode result = JSON.readTree(run(List.of("node", "interop.mjs", inputFile.toString()), 120));

        // 1. Registration by the official client is visible to ours, with the same id and schema.
        int jsId = result.path("register").path("id").asInt();
        assertThat(registry.getLatest("interop-js-value").id()).isEqualTo(jsId);
        assertThat(registry.getById(jsId)).isEqualTo(Annotation.getClassSchema());
        assertThat(new Schema.Parser().parse(result.path("register").path("schemaById").asText())).isEqualTo(Annotation.getClassSchema());
        assertThat(result.path("register").path("latestVersion").asInt()).isEqualTo(1);
        assertThat(result.path("register").path("latestId").asInt()).isEqualTo(jsId);

        // 2. The official Avro deserializer reads what our serializer wrote.
        JsonNode decoded = result.path("decoded");
        assertThat(decoded.path("recorderId").asText()).isEqualTo(chunk.getRecorderId());
        assertThat(decoded.path("siteId").asText()).isEqualTo(chunk.getSiteId());
        assertThat(decoded.path("sequenceNumber").asLong()).isEqualTo(chunk.getSequenceNumber());
        long micros = chunk.getStartTime().getEpochSecond() * 1_000_000L + chunk.getStartTime().getNano() / 1_000;
        assertThat(decoded.path("startTime").asLong()).isEqualTo(micros);
        assertThat(decoded.path("encoding").asText()).isEqualTo("PCM_S16LE");
        assertThat(decoded.path("sampleRateHz").asInt()).isEqualTo(22_050);
        byte[] audio = Base64.getDecoder().decode(decoded.path("data").path("base64").asText());
        assertThat(java.util.Arrays.equals(audio, chunk.getData().array()))
                .as("audio bytes as sent (%d bytes decoded, %d sent)", audio.length, chunk.getData().array().length).isTrue();
        assertThat(decoded.path("source").asText()).isEqualTo(chunk.getSource());
        assertThat(decoded.path("attributes").path("model").asText()).isEqualTo("AudioMoth 1.2");

        // 3. Our deserializer reads what the official serializer wrote.
        byte[] theirs = Base64.getDecoder().decode(result.path("encoded").asText());
        assertThat(theirs[0]).isZero();
        Annotation annotation = new RegistryAvroDeserializer<>(registry, Annotation.class).deserialize("interop-js", theirs);
        assertThat(annotation).isEqualTo(Annotation.newBuilder().setRequestId("req-42").setSpeciesPresent(List.of("BOAFAB", "PHYCUV"))
                .setAnnotator("js-expert").setAnnotatedAt(Instant.ofEpochMilli(1_795_662_855_926L)).setNotes("typed in Node").build());
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile(workDir, "proc", ".log");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(log.toFile()).start();
        byte[] stdout = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n"
                    + Files.readString(log) + new String(stdout, StandardCharsets.UTF_8));
        }
        return new String(stdout, StandardCharsets.UTF_8);
    }
}
