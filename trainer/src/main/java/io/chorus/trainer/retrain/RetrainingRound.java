package io.chorus.trainer.retrain;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.artifact.ModelManifest;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.model.network.Architecture;
import io.chorus.model.release.ModelReleases;
import io.chorus.model.release.ReleaseTooLargeException;
import io.chorus.schemas.avro.Lineage;
import io.chorus.schemas.avro.ModelMetrics;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.kafka.KafkaClientSettings;
import io.chorus.trainer.data.AnuraSetDataset;
import io.chorus.trainer.evaluation.EvaluationReport;
import io.chorus.trainer.evaluation.MultiLabelMetrics;
import io.chorus.trainer.evaluation.Scoring;
import io.chorus.trainer.gate.GateDecision;
import io.chorus.trainer.gate.PairedHoldOut;
import io.chorus.trainer.gate.PromotionGate;
import io.chorus.trainer.mixing.MixerChoice;
import io.chorus.trainer.release.ChampionChangedException;
import io.chorus.trainer.release.ModelDirectory;
import io.chorus.trainer.release.ModelLine;
import io.chorus.trainer.release.ReleasePublisher;
import io.chorus.trainer.snapshot.LabeledClipsSnapshot;
import io.chorus.trainer.training.MixTrainer;
import io.chorus.trainer.training.TrainConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retraining round, start to end: mark it in progress on disk; read the champion from
 * {@code models}; snapshot {@code labeled.clips} to its end offsets; skip when that exact
 * lineage was published already; train a challenger (warm start from the champion, or from
 * scratch for the first model); score champion and challenger on the same hold-out; gate; build
 * the release (refused if too large, before anything is sent); publish it in one transaction;
 * store its copy; record the outcome. Whatever happens, the round's report is written.
 */
public final class RetrainingRound {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainingRound.class);
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Thrown from inside training when the service is asked to stop. */
    static final class CancelledException extends RuntimeException {
        CancelledException() {
            super("round cancelled: the service is stopping");
        }
    }

    private final RetrainSettings settings;
    private final KafkaClientSettings kafka;
    private final ModelDirectory dir;
    private final BaseDataSet base;
    private final RetrainMetrics metrics;
    private final BooleanSupplier cancelled;

    RetrainingRound(RetrainSettings settings, KafkaClientSettings kafka, ModelDirectory dir, BaseDataSet base, RetrainMetrics metrics,
                    BooleanSupplier cancelled) {
        this.settings = settings;
        this.kafka = kafka;
        this.dir = dir;
        this.base = base;
        this.metrics = metrics;
        this.cancelled = cancelled;
    }

    Path stateFile() {
        return dir.path().resolve("state.json");
    }

    /** Runs a round; a cancelled round leaves its in-progress mark, so the next start resumes it. */
    RoundReport run(RoundTrigger trigger) throws IOException {
        RoundState state = RoundState.load(stateFile());
        String id = state.nextRoundId();
        long started = System.currentTimeMillis();
        long startedNanos = System.nanoTime();
        state = state.started(id, started);
        state.save(stateFile());
        metrics.roundStarted();
        LOG.info("round {} started ({})", id, trigger.label());
        Draft d = new Draft(id, trigger, started);
        try {
            execute(d);
        } catch (CancelledException e) {
            metrics.roundEnded(RoundOutcome.INTERRUPTED, (System.nanoTime() - startedNanos) / 1e9);
            throw e;
        } catch (ReleaseTooLargeException | ChampionChangedException e) {
            d.end(RoundOutcome.FAILED, e.getMessage());
        } catch (Exception e) {
            LOG.error("round {} failed", id, e);
            d.end(RoundOutcome.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        RoundReport report = d.report(seconds);
        ModelDirectory.writeAtomically(dir.path().resolve("rounds").resolve(id).resolve("report.json"), JSON.writeValueAsBytes(report));
        RoundState.load(stateFile()).finished(d.outcome, d.endOffsets,
                d.outcome == RoundOutcome.FAILED ? null : d.trainedInputs, System.currentTimeMillis()).save(stateFile());
        metrics.roundEnded(d.outcome, seconds);
        LOG.info("round {} {} in {} s: {}", id, d.outcome.label(), String.format("%.1f", seconds), d.message);
        return report;
    }

    private void execute(Draft d) throws Exception {
        ModelLine line = ModelLine.read(kafka, settings.modelName());
        Optional<ModelRelease> champion = line.champion();
        ModelArtifact championArtifact = null;
        if (champion.isPresent()) {
            dir.store(champion.get()); // the copy a killed predecessor may not have written
            championArtifact = ModelReleases.artifactOf(champion.get());
            d.championVersion = champion.get().getVersion();
            metrics.serving(champion.get().getVersion(), champion.get().getCreatedAt().toEpochMilli());
        }
        ModelManifest championManifest = championArtifact == null ? null : championArtifact.manifest();
        FeatureConfig features = championManifest == null ? settings.recipe().features() : championManifest.features();
        Architecture architecture = championManifest == null ? settings.recipe().architecture() : Architecture.parse(championManifest.architecture());
        AnuraSetDataset baseSet = base.load(features);
        List<String> labels = baseSet.species();
        if (championManifest != null && !championManifest.labels().equals(labels)) {
            throw new IllegalStateException(settings.modelName() + " v" + d.championVersion + " predicts " + championManifest.labels()
                    + " but the base data set " + base.name() + " has " + labels + "; retrain a new model line for a new label set");
        }
        LabeledClipsSnapshot snapshot = LabeledClipsSnapshot.read(kafka, labels, features);
        d.endOffsets = snapshot.endOffsetsForLineage();
        d.skipped = snapshot.skipped().counts();
        metrics.snapshotSkips(d.skipped);
        if (snapshot.skipped().total() > 0) {
            LOG.warn("round {}: {}", d.id, snapshot.skipped().summary());
        }
        List<ModelRelease> published = new ArrayList<>(dir.releases());
        published.addAll(line.releases());
        for (ModelRelease r : published) {
            Lineage l = r.getLineage();
            if (l.getBaseDatasetSha256().equals(baseSet.fingerprint()) && l.getLabeledClipsEndOffsets().equals(d.endOffsets)) {
                d.end(RoundOutcome.SKIPPED, "no new labelled clips: v" + r.getVersion() + " was trained on this base data set and "
                        + "labeled.clips up to " + d.endOffsets);
                return;
            }
        }
        String inputs = "base " + baseSet.fingerprint() + ", labeled.clips to " + d.endOffsets + ", champion v" + d.championVersion;
        RoundState state = RoundState.load(stateFile());
        if (inputs.equals(state.lastTrainedInputs())) {
            d.end(RoundOutcome.SKIPPED, "no new labelled clips and the same champion since " + state.lastTrainedRound() + " from " + inputs);
            return;
        }
        d.trainedInputs = inputs;
        RoundData data = RoundData.assemble(baseSet.subset("train"), baseSet.subset("test"), snapshot.clips(),
                settings.base().holdOutShare(), settings.recipe().validationFraction(), settings.base().reviewedRepeat(), settings.recipe().seed());
        d.data = data.counts();
        boolean warm = championArtifact != null && !settings.warmStart().fromScratch();
        MixerChoice mixerChoice = MixerChoice.of(settings.recipe().mixer(), data.train().size());
        TrainConfig.Optimization optimization = warm
                ? settings.recipe().optimization().withSchedule(settings.warmStart().epochs(), settings.warmStart().learningRate())
                : settings.recipe().optimization();
        TrainConfig cfg = settings.recipe().forRound(architecture, features, optimization).withMixer(mixerChoice.mixer());
        Lineage lineage = Lineage.newBuilder().setBaseDatasetName(base.name()).setBaseDatasetSha256(baseSet.fingerprint())
                .setLabeledClipsEndOffsets(d.endOffsets).setLabeledClipCount(snapshot.clips().size()).setMixer(cfg.mixer())
                .setRecipe(recipe(cfg, warm, mixerChoice)).setSeed(cfg.seed()).setWarmStartVersion(warm ? d.championVersion : null).build();
        d.lineage = lineageMap(lineage);
        String holdOutName = "holdout-" + d.id;
        ModelArtifact challengerArtifact;
        float[][] challengerScores;
        float[] challengerThresholds;
        try (NDManager root = NDManager.newBaseManager(settings.recipe().device())) {
            LOG.info("round {}: training {} on {} clips ({} validation), {} epochs{}, hold-out {} clips", d.id, architecture.id(),
                    data.train().size(), data.validation().size(), cfg.epochs(),
                    warm ? ", warm start from v" + d.championVersion : ", from scratch", data.holdOut().size());
            MixTrainer.Result result = MixTrainer.train(cfg, labels, data.train(), data.validation(), root, System.err,
                    warm ? championArtifact.parameters() : null, new MixTrainer.Listener() {
                        @Override
                        public void step(int epoch, int epochs, int step, int steps) {
                            if (cancelled.getAsBoolean()) {
                                throw new CancelledException();
                            }
                            metrics.trainingStep(epoch, epochs, step, steps);
                        }

                        @Override
                        public void epoch(MixTrainer.EpochLog log) {
                            metrics.epochThroughput(log.samplesPerSecond());
                        }
                    });
            d.epochs = result.epochs();
            try (WindowClassifier c = new WindowClassifier(result.net(), features, root)) {
                challengerScores = Scoring.scores(c, data.holdOut(), cfg.batchSize());
                challengerThresholds = result.thresholds();
                d.challenger = evaluate(holdOutName, labels, challengerScores, data.holdOut(), challengerThresholds, data.holdOut().size());
                d.challengerCurated = evaluate(holdOutName + "-curated", labels, challengerScores, data.holdOut(), challengerThresholds,
                        data.curatedHoldOutSize());
            }
            Map<String, Double> numbers = new LinkedHashMap<>();
            numbers.put("holdOutMacroF1", d.challenger.macroF1());
            numbers.put("validationMacroF1", result.bestValidationMacroF1());
            Map<String, String> summary = new LinkedHashMap<>();
            summary.put("dataset", base.name());
            summary.put("fingerprint", baseSet.fingerprint());
            summary.put("round", d.id);
            summary.put("labeledClips", Integer.toString(snapshot.clips().size()));
            summary.put("mixer", cfg.mixer());
            summary.put("seed", Long.toString(cfg.seed()));
            challengerArtifact = result.artifact(labels, features, numbers, summary);
        }
        metrics.holdOutScores("challenger", d.challenger.macroF1(), d.challenger.groupMacroF1().get("rare"));
        ModelMetrics championMetrics = null;
        if (championArtifact != null) {
            float[][] championScores;
            float[] championThresholds = thresholdsOf(championManifest, labels);
            try (WindowClassifier c = new WindowClassifier(championArtifact, settings.recipe().device())) {
                championScores = Scoring.scores(c, data.holdOut(), cfg.batchSize());
            }
            d.champion = evaluate(holdOutName, labels, championScores, data.holdOut(), championThresholds, data.holdOut().size());
            d.championCurated = evaluate(holdOutName + "-curated", labels, championScores, data.holdOut(), championThresholds,
                    data.curatedHoldOutSize());
            metrics.holdOutScores("champion", d.champion.macroF1(), d.champion.groupMacroF1().get("rare"));
            championMetrics = metricsOf(d.champion);
            PairedHoldOut whole = PairedHoldOut.of(holdOutName, labels,
                    data.holdOut().stream().map(io.chorus.trainer.data.LabeledClip::recording).toList(), Scoring.labels(data.holdOut()),
                    championScores, championThresholds, challengerScores, challengerThresholds);
            List<PromotionGate.Part> parts = new ArrayList<>();
            parts.add(new PromotionGate.Part("whole", whole, PromotionGate.Role.DECIDES, settings.base().holdOutShare()));
            if (data.curatedHoldOutSize() > 0) {
                parts.add(new PromotionGate.Part("curated", whole.head(holdOutName + "-curated", data.curatedHoldOutSize()),
                        PromotionGate.Role.VETO, 0));
            }
            d.decision = settings.gate().decide(parts, settings.recipe().seed());
            metrics.gate(d.decision);
            LOG.info("round {}: champion v{} vs challenger on {} ({} clips; curated part {})\n{}\ncurated part:\n{}\ngate: {} — {}", d.id,
                    d.championVersion, holdOutName, data.holdOut().size(), data.curatedHoldOutSize(),
                    sideBySide(d.champion, d.challenger), sideBySide(d.championCurated, d.challengerCurated),
                    d.decision.verdict().label(), d.decision.summary());
            switch (d.decision.verdict()) {
                case REJECT -> {
                    d.end(RoundOutcome.REJECTED, "rejected: " + d.decision.summary());
                    return;
                }
                case INCONCLUSIVE -> {
                    d.end(RoundOutcome.INCONCLUSIVE, "inconclusive, not promoted: " + d.decision.summary());
                    return;
                }
                case PASS -> {
                    // promote
                }
            }
        }
        int version = line.latestVersion() + 1;
        String notes = championArtifact == null ? "bootstrap: first model of the line, trained on the base data set"
                : "promoted in round " + d.id + " (" + d.trigger.label() + "): " + d.decision.summary();
        ModelRelease release = ModelReleases.build(settings.modelName(), version, champion.map(ModelRelease::getVersion).orElse(null),
                challengerArtifact, metricsOf(d.challenger), championMetrics, lineage, notes, settings.line().maxReleaseBytes());
        if (d.decision != null) {
            release.setGate(d.decision.toAvro());
        }
        if (cancelled.getAsBoolean()) {
            throw new CancelledException();
        }
        new ReleasePublisher(kafka).publish(release, line.latestVersion());
        dir.store(release);
        d.releasedVersion = version;
        metrics.serving(version, release.getCreatedAt().toEpochMilli());
        d.end(championArtifact == null ? RoundOutcome.BOOTSTRAPPED : RoundOutcome.PROMOTED, "published v" + version);
    }

    /** Per-class support and F1 of both models, for the log. */
    static String sideBySide(EvaluationReport champion, EvaluationReport challenger) {
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "%-10s %8s %9s %10s%n", "class", "support",
                "champion", "challenger"));
        b.append(String.format(java.util.Locale.ROOT, "%-10s %8d %9.3f %10.3f%n", "macro", champion.clips(), champion.macroF1(),
                challenger.macroF1()));
        for (int c = 0; c < champion.perClass().size(); c++) {
            EvaluationReport.ClassScore a = champion.perClass().get(c);
            b.append(String.format(java.util.Locale.ROOT, "%-10s %8d %9.3f %10.3f%n", a.species(), a.support(), a.f1(),
                    challenger.perClass().get(c).f1()));
        }
        return b.toString();
    }

    /** Metrics over the first {@code n} clips of the hold-out. */
    private static EvaluationReport evaluate(String set, List<String> labels, float[][] scores, List<io.chorus.trainer.data.LabeledClip> clips,
                                             float[] thresholds, int n) {
        return MultiLabelMetrics.evaluate(set, labels, java.util.Arrays.copyOf(scores, n), Scoring.labels(clips.subList(0, n)), thresholds);
    }

    static float[] thresholdsOf(ModelManifest m, List<String> labels) {
        float[] t = new float[labels.size()];
        for (int c = 0; c < t.length; c++) {
            t[c] = m.thresholds().getOrDefault(labels.get(c), 0.5f);
        }
        return t;
    }

    static ModelMetrics metricsOf(EvaluationReport r) {
        Map<String, Double> perClass = new LinkedHashMap<>();
        boolean rarePositives = false;
        for (EvaluationReport.ClassScore c : r.perClass()) {
            perClass.put(c.species(), c.f1());
            rarePositives |= c.group().equals("rare") && c.support() > 0;
        }
        return ModelMetrics.newBuilder().setEvaluationSet(r.evaluationSet()).setSampleCount(r.clips()).setMacroF1(r.macroF1())
                .setRareMacroF1(rarePositives ? r.groupMacroF1().get("rare") : null).setPerClassF1(perClass).build();
    }

    private static String recipe(TrainConfig cfg, boolean warm, MixerChoice mixerChoice) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mixerChoice", mixerChoice.reason());
        r.put("architecture", cfg.architecture().id());
        r.put("start", warm ? "warm" : "scratch");
        r.put("epochs", cfg.epochs());
        r.put("batchSize", cfg.batchSize());
        r.put("learningRate", cfg.learningRate());
        r.put("weightDecay", cfg.weightDecay());
        r.put("optimizer", "adamw, cosine per epoch");
        r.put("specAugment", cfg.specAugment().id());
        r.put("tuneThresholds", cfg.tuneThresholds());
        r.put("validationFraction", cfg.validationFraction());
        r.put("mixing", cfg.mixing());
        return new ObjectMapper().writeValueAsString(r);
    }

    private static Map<String, Object> lineageMap(Lineage l) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (org.apache.avro.Schema.Field f : l.getSchema().getFields()) {
            Object v = l.get(f.pos());
            m.put(f.name(), v instanceof CharSequence ? v.toString() : v);
        }
        return m;
    }

    /** The report as it forms. */
    private static final class Draft {
        final String id;
        final RoundTrigger trigger;
        final long started;
        RoundOutcome outcome = RoundOutcome.FAILED;
        String message = "";
        Integer championVersion;
        Integer releasedVersion;
        Map<String, Long> endOffsets;
        String trainedInputs;
        Map<String, Object> lineage;
        Map<String, Integer> data;
        Map<String, Integer> skipped = Map.of();
        List<MixTrainer.EpochLog> epochs = List.of();
        EvaluationReport champion;
        EvaluationReport challenger;
        EvaluationReport championCurated;
        EvaluationReport challengerCurated;
        GateDecision decision;

        Draft(String id, RoundTrigger trigger, long started) {
            this.id = id;
            this.trigger = trigger;
            this.started = started;
        }

        void end(RoundOutcome o, String why) {
            outcome = o;
            message = why;
        }

        RoundReport report(double seconds) {
            return new RoundReport(id, trigger, outcome, message, new RoundReport.Timing(started, seconds),
                    new RoundReport.Models(championVersion, releasedVersion, champion, challenger, championCurated, challengerCurated),
                    new RoundReport.Training(lineage, data, skipped, epochs), decision);
        }
    }
}
