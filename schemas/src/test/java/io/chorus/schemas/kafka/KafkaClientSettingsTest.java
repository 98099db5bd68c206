package io.chorus.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.schemas.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KafkaClientSettingsTest {

    @TempDir
    Path dir;

    @Test
    void aClientPropertiesFileFeedsKafkaAndTheRegistrySeparately() throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, String.join("\n",
                "bootstrap.servers=broker-1:9093",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
                "schema.registry.url=https://registry:8081",
                "basic.auth.credentials.source=USER_INFO",
                "basic.auth.user.info=reg-user:reg-pass",
                "acks=1"));

        KafkaClientSettings settings = KafkaClientSettings.load(null, null, file);

        assertThat(settings.bootstrapServers()).isEqualTo("broker-1:9093");
        assertThat(settings.common()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .doesNotContainKeys("schema.registry.url", "basic.auth.user.info");
        assertThat(settings.registryConfig().basicAuthUserInfo()).contains("reg-user:reg-pass");
        assertThat(settings.registryConfig().urls().get(0).toString()).isEqualTo("https://registry:8081");
        // The operator's file wins over Chorus's producer defaults.
        assertThat(settings.producer("p", Topics.AUDIO_CHUNKS)).containsEntry("acks", "1")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("max.request.size", 4 * 1024 * 1024);
        assertThat(settings.consumer("g", Topics.MODELS)).containsEntry("isolation.level", "read_committed")
                .containsEntry("max.partition.fetch.bytes", 64 * 1024 * 1024);
        assertThat(settings.streams("app")).containsEntry("processing.guarantee", "exactly_once_v2");
    }

    @Test
    void flagsWinOverTheFile() throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "bootstrap.servers=from-file:9092\nschema.registry.url=http://from-file:8081\n");

        KafkaClientSettings settings = KafkaClientSettings.load("from-flag:9092", "http://from-flag:8081", file);

        assertThat(settings.bootstrapServers()).isEqualTo("from-flag:9092");
        assertThat(settings.registryConfig().urls().get(0).toString()).isEqualTo("http://from-flag:8081");
    }

    @Test
    void missingBootstrapServersAndUnreadableFilesAreNamed() {
        assertThatThrownBy(() -> KafkaClientSettings.load(null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bootstrap-servers");
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> KafkaClientSettings.load("b:9092", null, missing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void theSharedFlagsShowTheirDefaultsInHelp() {
        @CommandLine.Command(name = "probe")
        class Probe {
            @CommandLine.Mixin
            KafkaConnectionOptions connection;
        }
        Probe probe = new Probe();
        CommandLine cli = new CommandLine(probe).setUsageHelpWidth(200);
        cli.parseArgs();
        String help = cli.getUsageMessage();

        assertThat(help).contains("--bootstrap-servers").contains("Default: 127.0.0.1:9092")
                .contains("--schema-registry-url").contains("Default: http://127.0.0.1:8081")
                .contains("--kafka-config");
        assertThat(probe.connection.settings().bootstrapServers()).isEqualTo("127.0.0.1:9092");
    }
}
