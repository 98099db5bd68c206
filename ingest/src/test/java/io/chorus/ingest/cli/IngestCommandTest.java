package io.chorus.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class IngestCommandTest {

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @Test
    void publishesASimulatedFleetAndFilesSkippingABadOne() throws Exception {
        try (io.chorus.embedded.EmbeddedStack stack = io.chorus.embedded.EmbeddedStack.start(dir.resolve("kafka"), 0, 0)) {
            String[] kafka = {"--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.schemaRegistryUrl(),
                    "--metrics-port", "-1"};
            CommandLine cli = new CommandLine(new IngestCommand());
            int code = cli.execute(concat(new String[]{"publish", "--simulate", "2", "--sites", "1", "--seconds", "3",
                    "--sim-rate", "8000", "--start-time", "2026-11-20T21:00:00Z", "--transactional-id", "cli-sim"}, kafka));
            assertThat(code).isZero();
            assertThat(io.chorus.ingest.publish.LastChunk.of(stack.clientSettings(), "sim-001").orElseThrow().sequenceNumber())
                    .isEqualTo(2);

            java.nio.file.Path good = dir.resolve("AM01_20231105_213000.wav");
            java.nio.file.Files.write(good, io.chorus.audio.wav.WavCodec.encode16(
                    new io.chorus.audio.wav.WavAudio(8000, 1, new float[16_000])));
            java.nio.file.Path bad = dir.resolve("AM01_20231105_213100.wav");
            java.nio.file.Files.writeString(bad, "truncated");
            code = new CommandLine(new IngestCommand()).execute(concat(new String[]{"publish", good.toString(), bad.toString(),
                    "--transactional-id", "cli-files"}, kafka));
            assertThat(code).as("exit code says some input was skipped").isEqualTo(3);
            assertThat(io.chorus.ingest.publish.LastChunk.of(stack.clientSettings(), "AM01").orElseThrow().sequenceNumber())
                    .isEqualTo(1);
        }
    }

    @Test
    void publishesLivePcmFromStdinAndReportsAFrameCutShort() throws Exception {
        java.nio.ByteBuffer pcm = java.nio.ByteBuffer.allocate(20_000 * 4 + 1).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < 20_000; f++) {
            pcm.putShort((short) 1000).putShort((short) -1000);
        }
        pcm.put((byte) 7); // the pipe closes inside a frame
        java.io.InputStream stdin = System.in;
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        try (io.chorus.embedded.EmbeddedStack stack = io.chorus.embedded.EmbeddedStack.start(dir.resolve("kafka-live"), 0, 0)) {
            System.setIn(new java.io.ByteArrayInputStream(pcm.array()));
            System.setErr(new java.io.PrintStream(errors, true));
            int code = new CommandLine(new IngestCommand()).execute("publish", "--stdin", "--recorder-id", "live", "--rate", "8000",
                    "--channels", "2", "--channel", "0", "--start-time", "2026-11-20T21:00:00Z", "--transactional-id", "cli-live",
                    "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.schemaRegistryUrl(),
                    "--metrics-port", "-1");
            assertThat(code).isZero();
            java.util.List<io.chorus.schemas.avro.AudioChunk> chunks =
                    io.chorus.ingest.publish.ChunkPublisherTest.chunksOf(stack.clientSettings(), "live", 3);
            assertThat(chunks).extracting(io.chorus.schemas.avro.AudioChunk::getFrameCount).containsExactly(8000, 8000, 4000);
            assertThat(chunks.get(2).getStartTime()).isEqualTo(java.time.Instant.parse("2026-11-20T21:00:02Z"));
        } finally {
            System.setIn(stdin);
            System.setErr(stderr);
        }
        assertThat(errors.toString()).contains("stdin closed inside a frame: 1 trailing bytes dropped");
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void everySubcommandShowsItsDefaultsInHelp() {
        CommandLine cli = new CommandLine(new IngestCommand());
        for (String sub : cli.getSubcommands().keySet()) {
            if (sub.equals("help")) {
                continue;
            }
            for (CommandLine.Model.OptionSpec option : cli.getSubcommands().get(sub).getCommandSpec().options()) {
                if (!option.usageHelp() && !option.versionHelp()) {
                    assertThat(String.join(" ", option.description())).as("%s %s", sub, option.longestName()).contains("Default:");
                }
            }
        }
    }

    @Test
    void healthFlagsBecomeSettings() {
        HealthCommand c = new HealthCommand();
        new CommandLine(c).parseArgs("--window-seconds", "5", "--offline-after-seconds", "30", "--clip-level", "0.99");
        assertThat(c.settings().window()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.settings().offlineAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.settings().clipLevel()).isEqualTo(0.99);
    }
}
