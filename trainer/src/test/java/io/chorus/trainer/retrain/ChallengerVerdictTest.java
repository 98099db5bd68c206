package io.chorus.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.chorus.schemas.avro.GateCheckResult;
import io.chorus.schemas.avro.GateHoldOut;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.topics.Topics;
import io.chorus.testsupport.kafka.CommittedRecords;
import io.chorus.testsupport.metrics.MetricsText;
import io.chorus.trainer.evaluation.EvaluationReport;
import io.chorus.trainer.gate.GateCheck;
import io.chorus.trainer.gate.HoldOutVerdict;
import io.chorus.trainer.gate.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gate's verdict on real challengers, trained by the service from v1 on reviewed clips, in
 * scenarios whose effects lie far from every margin, so that another CPU's kernels (another
 * training path from the same seed) cannot flip them. Each case runs with another training seed
 * and with one or two PyTorch threads; each builds its own line (fresh broker, v1 published, its
 * own model directory).
 */
class ChallengerVerdictTest {

    @TempDir
    Path dir;

    @AfterEach
    void oneThreadAgain() {
        JniUtils.setNumThreads(1);
    }

    /** A fresh line serving v1, trained with this seed and this many PyTorch threads. */
    RetrainFixture.Line lineAtV1(long seed, int threads) throws Exception {
        return lineAtV1(seed, threads, UnaryOperator.identity());
    }

    /** The same, with the fixture's settings changed by {@code adjust}. */
    RetrainFixture.Line lineAtV1(long seed, int threads, UnaryOperator<RetrainSettings> adjust) throws Exception {
        RetrainFixture.Bootstrap v1 = RetrainFixture.bootstrap();
        threads(threads);
        return new RetrainFixture.Line(dir, adjust.apply(RetrainFixture.settings(v1.base(), dir.resolve("models"), seed)), v1.v1());
    }

    /** Each reviewed training clip counted {@code n} times per epoch. */
    static UnaryOperator<RetrainSettings> reviewedRepeat(int n) {
        return s -> new RetrainSettings(s.line(), new RetrainSettings.BaseData(s.base().dir(), s.base().variant(), n, s.base().holdOutShare()),
                s.recipe(), s.warmStart(), s.schedule(), s.gate());
    }

    static void threads(int n) {
        Engine.getEngine("PyTorch"); // loads the native library
        JniUtils.setNumThreads(n); // read by each new training thread at its first operation
    }

    static double f1Of(EvaluationReport r, String species) {
        return r.perClass().stream().filter(c -> c.species().equals(species)).findFirst().orElseThrow().f1();
    }

    static HoldOutVerdict part(RoundReport r, String part) {
        return r.decision().holdOuts().stream().filter(h -> h.part().equals(part)).findFirst().orElseThrow();
    }

    static GateCheck macro(HoldOutVerdict h) {
        return h.checks().stream().filter(c -> c.check().equals("macro")).findFirst().orElseThrow();
    }

    /** The verdict's numbers, for the log (and the closing note's table). */
    static void print(String scenario, long seed, int threads, RoundReport r) {
        if (r.decision() == null) {
            System.out.printf(Locale.ROOT, "%s seed %d threads %d: no gate decision: %s %s: %s%n", scenario, seed, threads, r.trigger(),
                    r.outcome(), r.message());
            return;
        }
        for (HoldOutVerdict h : r.decision().holdOuts()) {
            System.out.printf(Locale.ROOT, "%s seed %d threads %d: %s %s (%d clips, %d recordings) %s; %s%s%n", scenario, seed, threads,
                    h.part(), h.verdict().label(), h.clips(), h.recordings(), macro(h).text(),
                    String.join("; ", h.checks().stream().filter(c -> c.check().equals("class")).map(GateCheck::text).toList()),
                    h.note().isEmpty() ? "" : " — " + h.note());
        }
    }

    /**
     * Seeds 1–3, each scenario with both thread counts; {@code -Dchorus.verdict.matrix=full} runs
     * every seed with both (the check behind the closing note, also run under other CPU kernels:
     * {@code ATEN_CPU_CAPABILITY=default ONEDNN_MAX_CPU_ISA=SSE41}).
     */
    static Stream<Arguments> cases(int firstThreads) {
        if ("full".equals(System.getProperty("chorus.verdict.matrix"))) {
            return Stream.of(1L, 2L, 3L).flatMap(seed -> Stream.of(Arguments.of(seed, 1), Arguments.of(seed, 2)));
        }
        return Stream.of(Arguments.of(1L, firstThreads), Arguments.of(2L, 3 - firstThreads), Arguments.of(3L, firstThreads));
    }

    /**
     * How often the inverted-label challenger counts each reviewed clip per epoch: at the default 3
     * its harm (-0.03 to -0.12 macro F1 on the curated part) lay too near the margins for another
     * CPU's kernels; at 10 it is clearly worse, which is what this scenario is for.
     */
    static final int INVERTED_REPEAT = 10;

    static Stream<Arguments> learnedCases() {
        return cases(1);
    }

    static Stream<Arguments> invertedCases() {
        return cases(2);
    }

    @ParameterizedTest(name = "seed {0}, {1} thread(s)")
    @MethodSource("learnedCases")
    void aChallengerThatLearnedTheScarceSpeciesIsPromotedWithItsEvidence(long seed, int threads) throws Exception {
        try (RetrainFixture.Line line = lineAtV1(seed, threads)) {
            RetrainSettings settings = line.settings;
            List<io.chorus.schemas.avro.LabeledClip> clips = RetrainFixture.reviewed(RetrainFixture.BASE_RECORDINGS, 50, "good",
                    UnaryOperator.identity());
            RetrainFixture.publish(line.kafka, clips);

            RoundReport r = line.awaitRound("r0001");
            print("learned", seed, threads, r);
            assumeFalse(RetrainFixture.SMALL, "the small layout's verdicts are printed, not asserted");
            assertThat(r.trigger()).isEqualTo(RoundTrigger.COUNT);
            assertThat(r.outcome()).as(r.message()).isEqualTo(RoundOutcome.PROMOTED);
            double before = f1Of(r.models().champion(), RetrainFixture.SCARCE);
            double after = f1Of(r.models().challenger(), RetrainFixture.SCARCE);
            assertThat(after).as("%s F1 on the hold-out: champion %.3f, challenger %.3f", RetrainFixture.SCARCE, before, after)
                    .isGreaterThan(before + 0.2);
            HoldOutVerdict whole = part(r, "whole");
            assertThat(whole.clips()).isEqualTo(r.models().champion().clips());
            assertThat(whole.recordings()).as("the hold-out spreads over many recordings").isGreaterThanOrEqualTo(30);
            assertThat(macro(whole).delta().lower()).as(macro(whole).text()).isGreaterThanOrEqualTo(-settings.gate().epsilon());

            // The release carries the evidence; the report and /metrics show the same numbers.
            List<ModelRelease> onTopic = CommittedRecords.readAll(line.kafka, Topics.MODELS);
            ModelRelease v2 = onTopic.get(onTopic.size() - 1);
            assertThat(v2.getVersion()).isEqualTo(2);
            assertThat(v2.getGate().getVerdict()).isEqualTo("pass");
            GateHoldOut onRelease = v2.getGate().getHoldOuts().get(0);
            assertThat(onRelease.getRecordings()).isEqualTo(whole.recordings());
            GateCheckResult macroOnRelease = onRelease.getChecks().get(0);
            assertThat(macroOnRelease.getLower()).isEqualTo(macro(whole).delta().lower());
            assertThat(macroOnRelease.getText()).matches("macro F1 \\+0\\.\\d{3} \\[[+-]0\\.\\d{3}, \\+0\\.\\d{3}\\] at 95 %: "
                    + "no worse than the champion by more than ε 0\\.010");
            assertThat(v2.getNotes()).contains("macro F1 +0.");
            String report = Files.readString(settings.line().modelDir().resolve(settings.modelName()).resolve("rounds/r0001/report.json"));
            assertThat(report).contains(macro(whole).text()).contains("\"recordings\" : " + whole.recordings());
            String m = line.metrics();
            assertThat(MetricsText.value(m, "chorus_trainer_gate_delta{bound=\"lower\",check=\"macro\",holdout=\"whole\",species=\"\"}"))
                    .isEqualTo(macro(whole).delta().lower());
            assertThat(MetricsText.value(m, "chorus_trainer_gate_holdout_size{holdout=\"whole\",unit=\"recordings\"}"))
                    .isEqualTo(whole.recordings());
            assertThat(MetricsText.value(m, "chorus_trainer_rounds_total{outcome=\"promoted\"}")).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "seed {0}, {1} thread(s)")
    @MethodSource("invertedCases")
    void aChallengerTrainedOnInvertedLabelsIsRejectedByTheCuratedPart(long seed, int threads) throws Exception {
        try (RetrainFixture.Line line = lineAtV1(seed, threads, reviewedRepeat(INVERTED_REPEAT))) {
            RetrainFixture.publish(line.kafka, RetrainFixture.reviewed(RetrainFixture.BASE_RECORDINGS, 60, "backwards",
                    RetrainFixture::inverted));

            RoundReport r = line.awaitRound("r0001");
            print("inverted", seed, threads, r);
            assumeFalse(RetrainFixture.SMALL, "the small layout's verdicts are printed, not asserted");
            assertThat(r.outcome()).as(r.message()).isEqualTo(RoundOutcome.REJECTED);
            HoldOutVerdict curated = part(r, "curated");
            assertThat(curated.verdict()).isEqualTo(Verdict.REJECT);
            assertThat(macro(curated).verdict()).as(macro(curated).text()).isEqualTo(Verdict.REJECT);
            // Not a borderline rejection: the whole interval at least 2ε below zero. (With 10 repeats the twelve
            // cases' upper bounds lay at -0.07 to -0.21 here and under SSE4.1 kernels; with the default 3 they
            // reached -0.004, which is why this challenger trains on its wrong labels harder.)
            assertThat(macro(curated).delta().upper()).as(macro(curated).text()).isLessThan(-2 * line.settings.gate().epsilon());
            assertThat(r.message()).startsWith("rejected: ").contains("holdout-r0001-curated (192 clips, 32 recordings): macro F1 -0.")
                    .contains("worse than the champion by more than ε 0.010");
            assertThat(r.releasedVersion()).isNull();
            assertThat(CommittedRecords.readAll(line.kafka, Topics.MODELS, false)).extracting(ModelRelease::getVersion).containsExactly(1);
            String m = line.metrics();
            assertThat(MetricsText.value(m, "chorus_trainer_rounds_total{outcome=\"rejected\"}")).isEqualTo(1);
            assertThat(MetricsText.value(m, "chorus_trainer_gate_delta{bound=\"upper\",check=\"macro\",holdout=\"curated\",species=\"\"}"))
                    .isEqualTo(macro(curated).delta().upper());
        }
    }
}
