package io.chorus.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.embedded.EmbeddedStack;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.topics.Topics;
import io.chorus.testsupport.http.LocalHttp;
import io.chorus.testsupport.kafka.CommittedRecords;
import io.chorus.testsupport.metrics.MetricsText;
import io.chorus.testsupport.waits.Waits;
import io.chorus.trainer.gate.PromotionGate;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safety: a trainer process killed (SIGKILL) in the middle of a round publishes nothing, a
 * restarted one finds the interrupted round, resumes it and completes it, keeps the schedule
 * of the rounds before, and never publishes the same lineage twice.
 */
class RetrainingServiceRestartTest {

    @TempDir
    Path dir;

    @Test
    void aRoundKilledMidwayPublishesNothingAndTheRestartedServiceCompletesTheNextOne() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("kafka"), 0, 0)) {
            KafkaClientSettings kafka = stack.clientSettings();
            RetrainFixture.writeBase(dir.resolve("base"));
            RetrainSettings settings = RetrainFixture.settings(dir.resolve("base"), dir.resolve("models")).withEpochs(4, 3);
            Path stateFile = dir.resolve("models").resolve(settings.modelName()).resolve("state.json");

            try (RetrainingService first = RetrainingService.start(settings, kafka, "127.0.0.1", 0, new PrometheusRegistry())) {
                Waits.until("bootstrap", Duration.ofMinutes(2), () -> first.lastReport() != null);
                assertThat(first.lastReport().outcome()).isEqualTo(RoundOutcome.BOOTSTRAPPED);
            }
            long bootstrapStarted = RoundState.load(stateFile).lastRoundStartedMillis();
            long modelsEnd = CommittedRecords.endOffset(kafka, Topics.MODELS, false); // v1 and its transaction's commit marker
            RetrainFixture.publish(kafka, RetrainFixture.reviewed(RetrainFixture.BASE_RECORDINGS, 50, "good", UnaryOperator.identity()));

            // A separate trainer process picks the clips up and trains a long round; it is killed mid-training.
            Process child = startTrainerProcess(stack, settings, dir.resolve("child.log"));
            try {
                int port = childPort;
                Waits.until("the child to train", Duration.ofMinutes(2), () -> {
                    try {
                        return MetricsText.value(LocalHttp.send("GET", port, "/metrics").body(), "chorus_trainer_training_progress_ratio") > 0;
                    } catch (Exception e) {
                        return false;
                    }
                });
            } catch (AssertionError e) {
                child.destroyForcibly();
                throw new AssertionError(e.getMessage() + "; child log:\n" + Files.readString(dir.resolve("child.log")), e);
            }
            child.destroyForcibly().waitFor();
            assertThat(RoundState.load(stateFile).inProgressRoundId()).isEqualTo("r0002");
            assertThat(CommittedRecords.endOffset(kafka, Topics.MODELS, false)).as("nothing of the killed round on models, not even uncommitted")
                    .isEqualTo(modelsEnd);
            assertThat(CommittedRecords.readAll(kafka, Topics.MODELS)).extracting(ModelRelease::getVersion).containsExactly(1);

            // Restarted (with a gate that lets any challenger through, so the round's end is known): it resumes and publishes once.
            RetrainSettings lenient = settings.withGate(new PromotionGate(1, 1, 1, 0.95, 200, 2));
            try (RetrainingService second = RetrainingService.start(lenient, kafka, "127.0.0.1", 0, new PrometheusRegistry())) {
                Waits.until("the resumed round", Duration.ofMinutes(2), () -> second.lastReport() != null);
                RoundReport resumed = second.lastReport();
                assertThat(resumed.roundId()).isEqualTo("r0003");
                assertThat(resumed.trigger()).isEqualTo(RoundTrigger.RESUME);
                assertThat(resumed.outcome()).as(resumed.message()).isEqualTo(RoundOutcome.PROMOTED);
                assertThat(Files.readString(dir.resolve("models/test-line/rounds/r0002/report.json"))).contains("INTERRUPTED");
                String m = LocalHttp.send("GET", second.httpPort(), "/metrics").body();
                assertThat(MetricsText.value(m, "chorus_trainer_rounds_total{outcome=\"interrupted\"}")).isEqualTo(1);
                assertThat(MetricsText.value(m, "chorus_trainer_rounds_total{outcome=\"promoted\"}")).isEqualTo(1);
            }
            assertThat(CommittedRecords.readAll(kafka, Topics.MODELS, false)).extracting(ModelRelease::getVersion).containsExactly(1, 2);

            // Restarted once more with nothing new: the schedule is the one on disk, and a round on demand publishes nothing.
            try (RetrainingService third = RetrainingService.start(settings, kafka, "127.0.0.1", 0, new PrometheusRegistry())) {
                RoundState state = RoundState.load(stateFile);
                assertThat(state.lastRoundStartedMillis()).isGreaterThan(bootstrapStarted);
                String status = LocalHttp.send("GET", third.httpPort(), "/status").body();
                assertThat(status).contains("\"nextScheduledRound\" : \""
                        + Instant.ofEpochMilli(state.lastRoundStartedMillis()).plus(settings.schedule().roundInterval()) + "\"");
                assertThat(LocalHttp.send("POST", third.httpPort(), "/retrain").statusCode()).isEqualTo(202);
                Waits.until("the round on demand", Duration.ofMinutes(1), () -> third.lastReport() != null);
                assertThat(third.lastReport().outcome()).isEqualTo(RoundOutcome.SKIPPED);
                assertThat(third.lastReport().message()).contains("v2 was trained on this base data set");
            }
            assertThat(CommittedRecords.readAll(kafka, Topics.MODELS, false)).extracting(ModelRelease::getVersion).containsExactly(1, 2);
        }
    }

    int childPort;

    private Process startTrainerProcess(EmbeddedStack stack, RetrainSettings s, Path log) throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            childPort = free.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-cp", System.getProperty("java.class.path"), "io.chorus.trainer.cli.TrainerCommand", "serve",
                "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.schemaRegistryUrl(),
                "--model-name", s.modelName(), "--model-dir", s.line().modelDir().toString(),
                "--data", s.base().dir().toString(), "--variant", s.base().variant(),
                "--arch", "mobilenetv3-small-0.25", "--sample-rate", "16000", "--window-seconds", "1", "--n-fft", "256", "--hop", "128",
                "--n-mels", "32", "--batch-size", "16", "--spec-augment", "off", "--device", "cpu",
                "--warm-start-epochs", "500", "--min-new-clips", "30", "--poll-interval", "200ms",
                "--bind", "127.0.0.1", "--http-port", Integer.toString(childPort)));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).directory(new File(".")).start();
    }
}
