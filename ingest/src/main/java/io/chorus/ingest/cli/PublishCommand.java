package io.chorus.ingest.cli;

import io.chorus.ingest.publish.ChunkPublisher;
import io.chorus.ingest.publish.FileNameTime;
import io.chorus.ingest.publish.FilePublisher;
import io.chorus.ingest.publish.FolderPublisher;
import io.chorus.ingest.publish.PublisherMetrics;
import io.chorus.ingest.publish.PublisherSettings;
import io.chorus.ingest.publish.RawPcmReader;
import io.chorus.ingest.publish.Recording;
import io.chorus.ingest.publish.SimulatedFleet;
import io.chorus.ingest.publish.SkippedFiles;
import io.chorus.schemas.avro.AudioEncoding;
import io.chorus.schemas.kafka.KafkaConnectionOptions;
import io.chorus.schemas.ops.AdminToken;
import io.chorus.schemas.ops.BindOptions;
import io.chorus.schemas.ops.OpsHttpServer;
import io.chorus.schemas.ops.ProgressBar;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chorus-ingest publish}: files, a folder, raw PCM on stdin or a simulated fleet into audio.chunks. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish recorder audio to audio.chunks: files (WAV, FLAC), a folder (backlog, then new files), "
                + "raw PCM on stdin (arecord, sox, ffmpeg) or a simulated fleet. Restarts resume without gaps or repeats.")
public final class PublishCommand implements Callable<Integer> {

    @Mixin
    KafkaConnectionOptions kafka;

    static final class Source {
        @Option(names = "--folder", description = "A recorder's folder: the backlog in time order, then (with --watch) new files. Default: none")
        Path folder;
        @Option(names = "--stdin", description = "Raw interleaved PCM on standard input (with --rate, --format, --channels). Default: ${DEFAULT-VALUE}")
        boolean stdin;
        @Option(names = "--simulate", paramLabel = "N", description = "N simulated recorders playing the synthetic chorus. Default: none")
        Integer simulate;
        @Parameters(arity = "1..*", paramLabel = "FILE", description = "WAV or FLAC files, published in time order. Default: none")
        List<Path> files;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--recorder-id", description = "Recorder id (files and folders: default the file name's prefix; stdin: required). Default: none")
    String recorderId;
    @Option(names = "--site-id", description = "Site of the recorder. Default: ${DEFAULT-VALUE}")
    String siteId = "unknown-site";
    @Option(names = "--start-time", description = "Start of the audio (ISO-8601) when the file name has none; stdin: default now. Default: none")
    Instant startTime;
    @Option(names = "--timezone", description = "Zone of the time stamps in file names (AudioMoth: UTC; Song Meter: the recorder's). Default: ${DEFAULT-VALUE}")
    ZoneId timezone = ZoneId.of("UTC");
    @Option(names = "--channel", description = "Channel of multi-channel audio to publish, 0-based; -1 averages them. Default: ${DEFAULT-VALUE}")
    int channel = -1;
    @Option(names = "--chunk-seconds", description = "Audio per chunk. Default: ${DEFAULT-VALUE}")
    double chunkSeconds = PublisherSettings.defaults().chunkSeconds();
    @Option(names = "--encoding", description = "PCM_S16LE or PCM_F32LE (lossless for 24/32-bit sources). Default: ${DEFAULT-VALUE}")
    AudioEncoding encoding = PublisherSettings.defaults().encoding();
    @Option(names = "--realtime", description = "Pace chunks at recording speed. Default: ${DEFAULT-VALUE}")
    boolean realtime;
    @Option(names = "--chunks-per-transaction", description = "Chunks committed together. Default: ${DEFAULT-VALUE}")
    int chunksPerTransaction = PublisherSettings.defaults().chunksPerTransaction();
    @Option(names = "--transactional-id", description = "Stable id of this publisher: a restart with the same id fences the old one. Default: ${DEFAULT-VALUE}")
    String transactionalId = "chorus-publisher";
    @Option(names = "--strict", description = "Stop at the first bad input instead of skipping it. Default: ${DEFAULT-VALUE}")
    boolean strict;
    @Option(names = "--watch", description = "With --folder: keep watching for new files. Default: ${DEFAULT-VALUE}")
    boolean watch;
    @Option(names = "--settle-seconds", description = "A new file is read once its size has not changed for this long. Default: ${DEFAULT-VALUE}")
    double settleSeconds = 5;
    @Option(names = "--rate", description = "stdin: sample rate in Hz. Default: ${DEFAULT-VALUE}")
    int rate = 48_000;
    @Option(names = "--format", description = "stdin: s16le, s24le, s32le or f32le. Default: ${DEFAULT-VALUE}")
    String format = "s16le";
    @Option(names = "--channels", description = "stdin: interleaved channels. Default: ${DEFAULT-VALUE}")
    int channels = 1;
    @Option(names = "--sites", description = "--simulate: number of sites. Default: ${DEFAULT-VALUE}")
    int sites = 4;
    @Option(names = "--seconds", description = "--simulate: seconds of audio per recorder. Default: ${DEFAULT-VALUE}")
    double seconds = 60;
    @Option(names = "--sim-rate", description = "--simulate: sample rate in Hz. Default: ${DEFAULT-VALUE}")
    int simRate = 22_050;
    @Option(names = "--seed", description = "--simulate: seed of the chorus. Default: ${DEFAULT-VALUE}")
    long seed = 42;
    @Option(names = "--metrics-port", description = "Port of /metrics; 0 picks a free one, -1 turns it off. Default: ${DEFAULT-VALUE}")
    int metricsPort = 8084;
    @Mixin
    BindOptions bind;

    PublisherSettings settings() {
        return new PublisherSettings(chunkSeconds, encoding, realtime, chunksPerTransaction);
    }

    @Override
    public Integer call() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        PublisherMetrics metrics = new PublisherMetrics(registry);
        if (metricsPort >= 0) {
            bind.warnIfExposed("chorus-ingest publish", AdminToken.none());
        }
        OpsHttpServer http = metricsPort < 0 ? null : OpsHttpServer.start(bind.bind(), metricsPort, registry, Map.of());
        try (ChunkPublisher publisher = new ChunkPublisher(kafka.settings(), transactionalId, settings(), metrics);
             SkippedFiles skipped = SkippedFiles.deadLettered(kafka.settings(), transactionalId + "-dlq", metrics, strict)) {
            if (source.folder != null) {
                FolderPublisher folder = new FolderPublisher(source.folder, this::origin, timezone,
                        Duration.ofMillis(Math.round(settleSeconds * 1000)), channel, publisher, skipped);
                int n = folder.scan();
                System.out.printf("%d files published from %s%s%n", n, source.folder, folder.skipped().isEmpty() ? ""
                        : "; skipped:\n  " + String.join("\n  ", folder.skipped()));
                if (watch) {
                    folder.watch(Duration.ofSeconds(1), () -> true);
                }
            } else if (source.stdin) {
                publishStdin(publisher, metrics);
            } else if (source.simulate != null) {
                SimulatedFleet fleet = new SimulatedFleet(source.simulate, sites, seed,
                        startTime == null ? Instant.now() : startTime, simRate);
                System.out.println("publishing " + fleet + (realtime ? " in real time" : " as fast as Kafka takes it"));
                fleet.play(publisher, seconds, chunkSeconds, realtime);
            } else {
                return publishFiles(publisher, skipped);
            }
        } finally {
            if (http != null) {
                http.close();
            }
        }
        return 0;
    }

    private FolderPublisher.Origin origin(Path f) {
        String prefix = FileNameTime.prefix(f.getFileName().toString());
        String id = recorderId != null ? recorderId : !prefix.isEmpty() ? prefix : f.getParent().getFileName().toString();
        return new FolderPublisher.Origin(id, siteId);
    }

    private int publishFiles(ChunkPublisher publisher, SkippedFiles skipped) throws Exception {
        FilePublisher files = new FilePublisher(this::origin, timezone, startTime, channel, publisher, skipped);
        ProgressBar bar = new ProgressBar(System.out, "files", source.files.size(), "files");
        int done = 0;
        int bad = 0;
        for (Path f : source.files) {
            try {
                if (!files.publish(f)) {
                    bad++;
                    System.err.println("skipped " + files.skipped().get(bad - 1));
                }
            } catch (IllegalStateException strictStop) {
                System.err.println(strictStop.getMessage() + "; stopping");
                return 1;
            }
            bar.update(++done);
        }
        System.out.printf("%d of %d files published%n", done - bad, source.files.size());
        return bad == 0 ? 0 : 3;
    }

    private void publishStdin(ChunkPublisher publisher, PublisherMetrics metrics) throws Exception {
        if (recorderId == null) {
            throw new IllegalArgumentException("--stdin needs --recorder-id");
        }
        RawPcmReader reader = new RawPcmReader(System.in, channels, RawPcmReader.Format.parse(format), channel);
        int frames = (int) Math.round(chunkSeconds * rate);
        Instant start = null;
        long played = 0;
        float[] block;
        while ((block = reader.next(frames)) != null) {
            if (start == null) {
                start = startTime != null ? startTime : Instant.now().minusNanos(Math.round(block.length * 1e9 / rate));
            }
            // Live input: time follows the sample clock from the first block, so chunks never overlap or drift apart.
            publisher.append(new Recording(recorderId, siteId, start.plusNanos(Math.round(played * 1e9 / rate)), rate, block,
                    "stdin", Map.of()));
            publisher.flush();
            played += block.length;
        }
        if (reader.droppedBytes() > 0) {
            metrics.error("PARTIAL_FRAME");
            System.err.printf("stdin closed inside a frame: %d trailing bytes dropped%n", reader.droppedBytes());
        }
    }
}
