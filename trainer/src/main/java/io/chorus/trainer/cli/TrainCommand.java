package io.chorus.trainer.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.trainer.data.AnuraSetDataset;
import io.chorus.trainer.data.SkipReport;
import io.chorus.trainer.evaluation.EvaluationReport;
import io.chorus.trainer.evaluation.MultiLabelMetrics;
import io.chorus.trainer.evaluation.Scoring;
import io.chorus.trainer.mixing.MixerChoice;
import io.chorus.schemas.ops.ProgressBar;
import io.chorus.trainer.training.MixTrainer;
import io.chorus.trainer.training.Splits;
import io.chorus.trainer.training.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train on an AnuraSet-layout data set, choose the epoch on a by-recording validation split, "
                + "report the test split once, and write model.chorus, report.json and report.txt.")
final class TrainCommand implements Callable<Integer> {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--out", required = true, description = "Output directory (created).")
    Path out;

    @Option(names = "--strict", description = "Stop at the first unreadable clip instead of skipping it. Default: off")
    boolean strict;

    @Mixin
    TrainingOptions training;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        TrainConfig cfg = training.config();
        Map<String, Object> report = run(cfg, dataOptions.data, dataOptions.variant, strict, out);
        System.out.println(report.get("table"));
        return 0;
    }

    private record Loaded(Path data, java.nio.file.attribute.FileTime written, String variant,
                          io.chorus.model.features.FeatureConfig features, boolean strict, AnuraSetDataset dataset, SkipReport skips) {
    }

    /** The last data set loaded: a benchmark or study trains many runs on one set, and decoding it each time costs minutes. */
    private static Loaded lastLoaded;

    private static synchronized Loaded load(Path data, String variant, TrainConfig cfg, boolean strict) throws Exception {
        Loaded last = lastLoaded;
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(data.resolve("metadata.csv"));
        if (last != null && last.data().equals(data) && last.written().equals(written) && last.variant().equals(variant) && last.features().equals(cfg.features())
                && last.strict() == strict) {
            System.err.println("data set " + data + " already loaded; " + last.skips().summary());
            return last;
        }
        lastLoaded = null; // let the previous set go before the next one is decoded
        SkipReport skips = new SkipReport(strict);
        ProgressBar[] loading = new ProgressBar[1]; // made on the first call, when the row count is known
        AnuraSetDataset dataset = AnuraSetDataset.load(data, variant, cfg.features(), skips, (done, total) -> {
            if (loading[0] == null) {
                loading[0] = new ProgressBar(System.err, "load", total, "clips");
            }
            loading[0].update(done);
        });
        System.err.println(skips.summary());
        lastLoaded = new Loaded(data, written, variant, cfg.features(), strict, dataset, skips);
        return lastLoaded;
    }

    /** Loads, trains, evaluates on test, writes the artifact and reports; returns the report. */
    static Map<String, Object> run(TrainConfig cfg, Path data, String variant, boolean strict, Path out) throws Exception {
        Files.createDirectories(out);
        Loaded loaded = load(data, variant, cfg, strict);
        AnuraSetDataset dataset = loaded.dataset();
        SkipReport skips = loaded.skips();
        Splits.Split split = Splits.byRecording(dataset.subset("train"), cfg.validationFraction(), cfg.seed());
        MixerChoice choice = MixerChoice.of(cfg.mixer(), split.train().size());
        System.err.println("mixer: " + choice.mixer() + " (" + choice.reason() + ")");
        cfg = cfg.withMixer(choice.mixer());
        List<String> species = dataset.species();
        try (NDManager root = NDManager.newBaseManager(cfg.device())) {
            long started = System.nanoTime();
            MixTrainer.Result result = MixTrainer.train(cfg, species, split.train(), split.validation(), root, System.err, null);
            double trainSeconds = (System.nanoTime() - started) / 1e9;
            EvaluationReport test;
            EvaluationReport testAtHalf;
            EvaluationReport testTuned;
            try (WindowClassifier classifier = new WindowClassifier(result.net(), cfg.features(), root)) {
                float[][] scores = Scoring.scores(classifier, dataset.subset("test"), cfg.batchSize());
                int[][] labels = Scoring.labels(dataset.subset("test"));
                test = MultiLabelMetrics.evaluate("test", species, scores, labels, result.thresholds());
                testAtHalf = MultiLabelMetrics.evaluate("test at 0.5", species, scores, labels,
                        MultiLabelMetrics.uniformThresholds(species.size(), 0.5f));
                testTuned = MultiLabelMetrics.evaluate("test at tuned thresholds", species, scores, labels, result.tunedThresholds());
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("testMacroF1", test.macroF1());
            test.groupMacroF1().forEach((g, v) -> metrics.put("test" + Character.toUpperCase(g.charAt(0)) + g.substring(1) + "F1", v));
            metrics.put("validationMacroF1", result.bestValidationMacroF1());
            Map<String, String> dataSummary = new LinkedHashMap<>();
            dataSummary.put("dataset", data.toAbsolutePath().toString());
            dataSummary.put("variant", variant);
            dataSummary.put("fingerprint", dataset.fingerprint());
            dataSummary.put("trainClips", Integer.toString(split.train().size()));
            dataSummary.put("validationClips", Integer.toString(split.validation().size()));
            dataSummary.put("testClips", Integer.toString(dataset.subset("test").size()));
            dataSummary.put("mixer", cfg.mixer());
            dataSummary.put("mixerChoice", choice.reason());
            dataSummary.put("seed", Long.toString(cfg.seed()));
            ModelArtifact artifact = result.artifact(species, cfg.features(), metrics, dataSummary);
            artifact.save(out.resolve("model.chorus"));
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("mixer", cfg.mixer());
            report.put("mixerChoice", choice.reason());
            report.put("seed", cfg.seed());
            report.put("architecture", cfg.architecture().id());
            report.put("epochs", result.epochs());
            report.put("bestEpoch", result.bestEpoch());
            report.put("trainSamplesPerSecond", result.samplesPerSecond());
            report.put("trainSeconds", trainSeconds);
            report.put("trainClips", split.train().size());
            report.put("stepsPerEpoch", result.stepsPerEpoch());
            report.put("steps", result.stepsPerEpoch() * cfg.epochs());
            report.put("specAugment", cfg.specAugment().id());
            report.put("thresholds", cfg.tuneThresholds() ? "tuned" : "fixed");
            report.put("skipped", skips.counts());
            // "test" is at the thresholds the model serves; the other two let runs be compared both ways.
            report.put("test", test);
            report.put("testAtHalf", testAtHalf);
            report.put("testTuned", testTuned);
            Files.write(out.resolve("report.json"), JSON.writeValueAsBytes(report));
            Files.writeString(out.resolve("report.txt"), test.toTable());
            report.put("table", test.toTable());
            return report;
        }
    }
}
