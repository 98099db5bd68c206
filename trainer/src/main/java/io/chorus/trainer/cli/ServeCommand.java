package io.chorus.trainer.cli;

import io.chorus.schemas.cli.DurationConverter;
import io.chorus.schemas.cli.UntilStopped;
import io.chorus.schemas.kafka.KafkaConnectionOptions;
import io.chorus.schemas.ops.AdminToken;
import io.chorus.schemas.ops.AdminTokenOptions;
import io.chorus.schemas.ops.BindOptions;
import io.chorus.trainer.retrain.RetrainSettings;
import io.chorus.trainer.retrain.RetrainingService;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The retraining service: rounds on a schedule, when enough labelled clips arrived, or on POST /retrain; "
                + "each round trains a challenger on the base data set plus labeled.clips (snapshot to the round's start), scores "
                + "it beside the champion on a fixed hold-out, and publishes it to the models topic only if it passes the gate. "
                + "The first start with no model publishes v1. HTTP: GET /metrics, GET /status (open where bound), POST /retrain "
                + "(the admin token, or loopback callers only without one)."})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    KafkaConnectionOptions connection;

    @Mixin
    ModelLineOptions line;

    @Mixin
    DataOptions base;

    // Defaults from the settings records: the local run starts from the same ones.
    @Option(names = "--round-interval", converter = DurationConverter.class,
            description = "A round starts this long after the previous one started. Default: 6h")
    Duration roundInterval = RetrainSettings.Schedule.defaults().roundInterval();

    @Option(names = "--min-new-clips",
            description = "A round starts as soon as this many labelled clips arrived since the last one. Default: ${DEFAULT-VALUE}")
    int minNewClips = RetrainSettings.Schedule.defaults().minNewClips();

    @Option(names = "--poll-interval", converter = DurationConverter.class,
            description = "How often the triggers are checked. Default: 10s")
    Duration pollInterval = RetrainSettings.Schedule.defaults().pollInterval();

    @Option(names = "--warm-start-epochs",
            description = "Epochs of a round that starts from the champion's weights. Default: ${DEFAULT-VALUE}")
    int warmStartEpochs = RetrainSettings.WarmStart.defaults().epochs();

    @Option(names = "--warm-start-lr",
            description = "Peak learning rate of a warm start (cosine per epoch). Default: ${DEFAULT-VALUE}")
    float warmStartLr = RetrainSettings.WarmStart.defaults().learningRate();

    @Option(names = "--from-scratch", description = "Train every round from scratch (--epochs, --lr) instead of from the champion. Default: off")
    boolean fromScratch = RetrainSettings.WarmStart.defaults().fromScratch();

    @Option(names = "--reviewed-repeat",
            description = "Times each reviewed training clip appears per epoch beside the base set. Default: ${DEFAULT-VALUE}")
    int reviewedRepeat = RetrainSettings.BaseData.DEFAULT_REVIEWED_REPEAT;

    @Option(names = "--holdout-share",
            description = "Share of reviewed recordings (recorder and UTC hour) frozen into the hold-out, never trained on. Default: ${DEFAULT-VALUE}")
    double holdOutShare = RetrainSettings.BaseData.DEFAULT_HOLD_OUT_SHARE;

    @Mixin
    GateOptions gate;

    @Mixin
    BindOptions http;

    @Mixin
    AdminTokenOptions admin;

    @Option(names = "--http-port", defaultValue = "8084", description = "Port of /metrics, /status and /retrain. Default: ${DEFAULT-VALUE}")
    int httpPort;

    @Mixin
    TrainingOptions training;

    RetrainSettings settings() {
        return new RetrainSettings(new RetrainSettings.Line(line.modelName, line.modelDir, line.maxReleaseBytes()),
                new RetrainSettings.BaseData(base.data, base.variant, reviewedRepeat, holdOutShare), training.config(),
                new RetrainSettings.WarmStart(fromScratch, warmStartEpochs, warmStartLr),
                new RetrainSettings.Schedule(roundInterval, minNewClips, pollInterval), gate.gate());
    }

    @Override
    public Integer call() throws Exception {
        AdminToken token = admin.adminToken();
        http.warnIfExposed("chorus-trainer serve", token);
        RetrainingService service = RetrainingService.start(settings(), connection.settings(), http.bind(), httpPort,
                PrometheusRegistry.defaultRegistry, token);
        UntilStopped.await(service, "chorus-trainer");
        return 0;
    }
}
