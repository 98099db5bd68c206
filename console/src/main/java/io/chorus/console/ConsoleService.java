package io.chorus.console;

import io.chorus.audio.species.SpeciesNames;
import io.chorus.console.accounts.Accounts;
import io.chorus.console.accounts.LoginPages;
import io.chorus.console.accounts.Sessions;
import io.chorus.console.export.DetectionRangeReader;
import io.chorus.console.export.ExportPages;
import io.chorus.console.monitor.MonitorPages;
import io.chorus.console.monitor.WindowAudioReader;
import io.chorus.console.queue.Claims;
import io.chorus.console.queue.ReviewQueue;
import io.chorus.console.review.AnnotationWriter;
import io.chorus.console.review.ReviewPages;
import io.chorus.console.state.ConsoleState;
import io.chorus.console.state.ConsoleTopology;
import io.chorus.console.web.ConsoleMetrics;
import io.chorus.console.web.ConsoleServer;
import io.chorus.schemas.avro.Annotation;
import io.chorus.schemas.avro.Detection;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.avro.RecorderHealth;
import io.chorus.schemas.avro.ReviewRequest;
import io.chorus.schemas.avro.SpeciesAlert;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.schemas.serde.PlainAvroSerdes;
import io.chorus.schemas.topics.TopicSpec;
import io.chorus.schemas.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * The console service: the state topology (Kafka Streams, exactly_once_v2, interactive queries),
 * the annotation producer and the web server, started together and stopped in reverse.
 */
public final class ConsoleService implements AutoCloseable {

    private final KafkaStreams streams;
    private final AnnotationWriter writer;
    private final ConsoleServer server;
    private final Optional<String> createdPassword;

    private ConsoleService(KafkaStreams streams, AnnotationWriter writer, ConsoleServer server, Optional<String> createdPassword) {
        this.streams = streams;
        this.writer = writer;
        this.server = server;
        this.createdPassword = createdPassword;
    }

    public static ConsoleService start(ConsoleSettings settings, KafkaClientSettings kafka, PrometheusRegistry registry) throws IOException {
        Optional<String> created = Optional.empty();
        if (!Files.exists(settings.accounts().file())) {
            if (!settings.accounts().create()) {
                throw new IllegalArgumentException("accounts file " + settings.accounts().file() + " does not exist");
            }
            created = Optional.of(Accounts.createDefault(settings.accounts().file()));
        }
        Accounts accounts = Accounts.load(settings.accounts().file());

        StreamsBuilder builder = new StreamsBuilder();
        ConsoleTopology.build(builder, new ConsoleTopology.TopicSerdes(serde(kafka, Topics.REVIEW_REQUESTS), serde(kafka, Topics.ANNOTATIONS),
                        serde(kafka, Topics.ALERTS), serde(kafka, Topics.RECORDER_HEALTH), serde(kafka, Topics.MODELS), serde(kafka, Topics.DETECTIONS)),
                new ConsoleTopology.TopicSerdes(PlainAvroSerdes.of(ReviewRequest.class), PlainAvroSerdes.of(Annotation.class),
                        PlainAvroSerdes.of(SpeciesAlert.class), PlainAvroSerdes.of(RecorderHealth.class), PlainAvroSerdes.of(ModelRelease.class),
                        PlainAvroSerdes.of(Detection.class)));
        Properties p = new Properties();
        p.putAll(kafka.streams(settings.streams().applicationId()));
        p.put("state.dir", settings.streams().stateDir().toString());
        p.put("commit.interval.ms", Long.toString(settings.streams().commitInterval().toMillis()));
        p.put("consumer.max.partition.fetch.bytes", Integer.toString(Topics.MODELS.maxMessageBytes()));
        p.put("producer.max.request.size", Integer.toString(Topics.REVIEW_REQUESTS.maxMessageBytes()));
        KafkaStreams streams = new KafkaStreams(builder.build(), p);
        streams.start();

        ConsoleState state = new ConsoleState(new ConsoleState.StoreAccess() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> keyValue(String name) {
                return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
            }

            @Override
            public ReadOnlyWindowStore<String, Long> window(String name) {
                return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, Long>windowStore()));
            }
        });
        Clock clock = Clock.systemUTC();
        ConsoleMetrics metrics = new ConsoleMetrics(registry);
        Claims claims = new Claims(clock, settings.claimTtl());
        Sessions sessions = new Sessions(clock, settings.accounts().sessionTtl());
        Map<String, String> answeredHere = new ConcurrentHashMap<>();
        ReviewQueue queue = new ReviewQueue(state, claims, answeredHere.keySet());
        AnnotationWriter writer = new AnnotationWriter(kafka, settings.streams().applicationId() + "-annotations");
        ReviewPages review = new ReviewPages(state, queue, claims, answeredHere, writer, SpeciesNames.bundled(), clock, metrics);
        MonitorPages monitor = new MonitorPages(state, clock, new WindowAudioReader(kafka, 200_000));
        ExportPages export = new ExportPages(state, new DetectionRangeReader(kafka), settings.exportMaxRange(),
                metrics::exported);
        LoginPages login = new LoginPages(accounts, sessions, settings.http().secureCookies(), metrics::loggedIn);
        try {
            ConsoleServer server = ConsoleServer.start(settings.http().bind(), settings.http().port(), sessions, registry, metrics,
                    List.of(login::register, review::register, monitor::register, export::register));
            return new ConsoleService(streams, writer, server, created);
        } catch (RuntimeException e) {
            writer.close();
            streams.close(Duration.ofSeconds(30));
            throw e;
        }
    }

    private static <V extends SpecificRecord> Serde<V> serde(KafkaClientSettings settings, TopicSpec<String, V> topic) {
        return Serdes.serdeFrom(settings.valueSerializer(topic), settings.valueDeserializer(topic));
    }

    public int port() {
        return server.port();
    }

    /** The default reviewer's password when this start created the accounts file (shown once), else empty. */
    public Optional<String> createdPassword() {
        return createdPassword;
    }

    public KafkaStreams.State streamsState() {
        return streams.state();
    }

    @Override
    public void close() {
        server.close();
        writer.close();
        streams.close(Duration.ofSeconds(30));
    }
}
