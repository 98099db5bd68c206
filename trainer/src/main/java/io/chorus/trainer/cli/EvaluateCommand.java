package io.chorus.trainer.cli;

import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.device.DeviceChoice;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.trainer.data.AnuraSetDataset;
import io.chorus.trainer.data.LabeledClip;
import io.chorus.trainer.data.SkipReport;
import io.chorus.trainer.evaluation.EvaluationReport;
import io.chorus.trainer.evaluation.MultiLabelMetrics;
import io.chorus.trainer.evaluation.Scoring;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score a model on a data set split with its own thresholds; print the table and write a JSON report.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "model.chorus artifact.")
    Path model;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--subset", defaultValue = "test", description = "train or test. Default: ${DEFAULT-VALUE}")
    String subset;

    @Option(names = "--report", description = "Where to write the JSON report. Default: none")
    Path report;

    @Option(names = "--batch-size", defaultValue = "32", description = "Windows per inference batch. Default: ${DEFAULT-VALUE}")
    int batchSize;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu. Default: ${DEFAULT-VALUE}")
    String device;

    @Override
    public Integer call() throws Exception {
        ModelArtifact artifact = ModelArtifact.load(model);
        SkipReport skips = new SkipReport(false);
        AnuraSetDataset dataset = AnuraSetDataset.load(dataOptions.data, dataOptions.variant, artifact.manifest().features(), skips, (done, total) -> { });
        System.err.println(skips.summary());
        List<String> labels = artifact.manifest().labels();
        if (!labels.equals(dataset.species())) {
            throw new IllegalArgumentException("the model's labels " + labels + " differ from the data set's " + dataset.species());
        }
        List<LabeledClip> clips = dataset.subset(subset);
        float[] thresholds = new float[labels.size()];
        for (int c = 0; c < labels.size(); c++) {
            thresholds[c] = artifact.manifest().thresholds().getOrDefault(labels.get(c), 0.5f);
        }
        try (WindowClassifier classifier = new WindowClassifier(artifact, DeviceChoice.parse(device).resolve())) {
            EvaluationReport r = MultiLabelMetrics.evaluate(subset, labels, Scoring.scores(classifier, clips, batchSize),
                    Scoring.labels(clips), thresholds);
            System.out.println(r.toTable());
            if (report != null) {
                java.nio.file.Files.write(report, TrainCommand.JSON.writeValueAsBytes(r));
            }
        }
        return 0;
    }
}
