package io.chorus.stream.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.stream.inference.ScoredWindow;
import io.chorus.stream.windows.AudioWindow;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** k-of-n confirmation, cooldown and thresholds in Flink's keyed operator harness. */
public class RaiseAlertsTest {

    static final long S = 1_000_000L;
    static final long T0 = 1_800_000_000L * S;
    static final String[] LABELS = {"BOAFAB", "PHYCUV", "DENNAH"};

    KeyedOneInputStreamOperatorTestHarness<String, ScoredWindow, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new RaiseAlerts(AlertSettings.defaults()),
                w -> w.window.siteId, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** A window of {@code recorder} starting {@code second} s after T0 with the given scores; thresholds 0.5, 0.5, 0.8; DENNAH rare. */
    public static ScoredWindow scored(String recorder, long second, float... scores) {
        AudioWindow w = new AudioWindow();
        w.recorderId = recorder;
        w.siteId = "site-1";
        w.startMicros = T0 + second * S;
        w.endMicros = w.startMicros + 3 * S;
        w.windowId = AudioWindow.idOf(recorder, w.startMicros);
        w.sampleRateHz = 1000;
        w.pcm = new byte[3000 * 4];
        ScoredWindow s = new ScoredWindow();
        s.window = w;
        s.scores = scores;
        s.labels = LABELS;
        s.thresholds = new float[]{0.5f, 0.5f, 0.8f};
        s.flagged = new boolean[]{false, false, true};
        s.modelName = "m";
        s.modelVersion = 3;
        s.device = "cpu()";
        return s;
    }

    void send(ScoredWindow w) throws Exception {
        harness.processElement(w, w.window.startMicros / 1000);
    }

    List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    @Test
    void alertsOnTheThirdPositiveWithinTheSpanFromAnyRecorderOfTheSite() throws Exception {
        send(scored("a", 0, 0.9f, 0.1f, 0.1f));
        send(scored("a", 1, 0.2f, 0.1f, 0.1f));
        send(scored("b", 1, 0.7f, 0.1f, 0.1f));
        assertThat(alerts()).isEmpty();
        send(scored("a", 2, 0.6f, 0.1f, 0.1f));
        assertThat(alerts()).hasSize(1);
        Alert a = alerts().get(0);
        assertThat(a.speciesCode).isEqualTo("BOAFAB");
        assertThat(a.positiveWindows).isEqualTo(3);
        assertThat(a.windowsConsidered).isEqualTo(4); // a@0, a@1, b@1, a@2: every window of the site in the span
        assertThat(a.recorderIds).containsExactly("a", "b");
        assertThat(a.firstWindowStartMicros).isEqualTo(T0);
        assertThat(a.lastWindowEndMicros).isEqualTo(T0 + 5 * S);
        assertThat(a.maxScore).isEqualTo(0.9f);
        assertThat(a.meanScore).isCloseTo(0.7333f, org.assertj.core.data.Offset.offset(1e-3f));
        assertThat(a.alertId).isEqualTo("site-1/BOAFAB/" + T0);
        assertThat(a.rare).isFalse();
        assertThat(a.rule).isEqualTo("3 positive windows within 60 s, cooldown 600 s");
        assertThat(a.modelVersion).isEqualTo(3);
    }

    @Test
    void twoRecordersHearingTheSameCallNeverMakeKExceedN() throws Exception {
        // Both recorders of the site hear it at the same times: 3 positives over 2 window times.
        send(scored("a", 0, 0.9f, 0, 0));
        send(scored("b", 0, 0.8f, 0, 0));
        send(scored("a", 1, 0.7f, 0, 0));
        assertThat(alerts()).hasSize(1);
        Alert a = alerts().get(0);
        assertThat(a.positiveWindows).isEqualTo(3);
        assertThat(a.windowsConsidered).as("windows of the site in the span").isEqualTo(3).isGreaterThanOrEqualTo(a.positiveWindows);
    }

    @Test
    void positivesFurtherApartThanTheSpanDoNotConfirm() throws Exception {
        send(scored("a", 0, 0.9f, 0, 0));
        send(scored("a", 40, 0.9f, 0, 0));
        send(scored("a", 80, 0.9f, 0, 0));
        assertThat(alerts()).isEmpty();
        send(scored("a", 81, 0.9f, 0, 0));
        assertThat(alerts()).hasSize(1);
        assertThat(alerts().get(0).firstWindowStartMicros).isEqualTo(T0 + 40 * S);
    }

    @Test
    void staysQuietDuringTheCooldownAndAlertsAgainAfterIt() throws Exception {
        for (int s = 0; s < 3; s++) {
            send(scored("a", s, 0.9f, 0, 0));
        }
        assertThat(alerts()).hasSize(1);
        for (int s = 3; s < 300; s += 10) {
            send(scored("a", s, 0.9f, 0, 0));
        }
        assertThat(alerts()).hasSize(1);
        // cooldown: 600 s from the end of the alert's last window (5 s)
        for (int s = 605; s < 608; s++) {
            send(scored("a", s, 0.9f, 0, 0));
        }
        assertThat(alerts()).hasSize(2);
    }

    @Test
    void usesEachSpeciesThresholdAndFlagsRareSpecies() throws Exception {
        for (int s = 0; s < 3; s++) {
            send(scored("a", s, 0, 0, 0.79f)); // below DENNAH's 0.8
        }
        assertThat(alerts()).isEmpty();
        for (int s = 3; s < 6; s++) {
            send(scored("a", s, 0, 0.5f, 0.8f)); // at threshold counts
        }
        assertThat(alerts()).extracting(a -> a.speciesCode).containsExactlyInAnyOrder("PHYCUV", "DENNAH");
        Alert rare = alerts().stream().filter(a -> a.speciesCode.equals("DENNAH")).findFirst().orElseThrow();
        assertThat(rare.rare).isTrue();
        assertThat(rare.threshold).isEqualTo(0.8f);
    }
}
