package io.chorus.local.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.schemas.avro.RecorderHealth;
import io.chorus.schemas.avro.RecorderStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConsoleViewTest {

    @Test
    void rendersModelSwapQualitySpeciesAlertsHealthRejectionsAndEndpoints() {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        Map<String, Map<String, Instant>> heard = new TreeMap<>();
        heard.put("SIM00", new TreeMap<>(Map.of("BOAFAB", now, "SPHSUR", now.minusSeconds(3600))));
        RecorderHealth h = RecorderHealth.newBuilder().setRecorderId("sim-001").setSiteId("SIM01").setStatus(RecorderStatus.OFFLINE)
                .setWindowStart(now).setWindowEnd(now).setRmsDbfs(-40).setPeakDbfs(-10).setClippingRatio(0).setSilenceRatio(0)
                .setChunkCount(0).setGapCount(0).setGapSeconds(0).setLateChunkCount(0).setSampleRateHz(22050).setLastSeen(now)
                .setReportedAt(now).build();
        PipelineObserver.Snapshot s = new PipelineObserver.Snapshot(now, new PipelineObserver.Flow(120, 8.5, 1.1, 1.4, 0.6, 0.9), heard,
                List.of(new PipelineObserver.AlertLine(now, "SIM00", "ADEDIP", true, 3, 2)),
                List.of(new PipelineObserver.VersionSeen(1, now.minusSeconds(300), now.minusSeconds(290), "bootstrap"),
                        new PipelineObserver.VersionSeen(2, now.minusSeconds(60), now.minusSeconds(57), "promoted")),
                new PipelineObserver.Quality(2, 0.71, 120, Map.of(1, 0.42, 2, 0.71), Map.of(1, 80, 2, 40)), Map.of("sim-001", h),
                Map.of("NOT_WAV", 1L));
        String view = ConsoleView.render(s, Map.of("trainer", "http://127.0.0.1:8084/metrics"), List.of("inbox skipped NOT_WAV: x.wav"),
                "none: answer in the console at http://127.0.0.1:8086/",
                List.of("07:59:01 rangers      WEBHOOK DELIVERED              ADEDIP at SIM00 (attempt 1: HTTP 200)"));
        assertThat(view).contains("serving v2").contains("v2 released 11:59:00, first detection 11:59:03")
                .contains("8.5 windows/s").contains("quality macro F1 vs ground truth 0.710").contains("v1 0.420")
                .contains("site SIM00  heard in the last 5 min: BOAFAB").doesNotContain("SPHSUR")
                .contains("ADEDIP  RARE 3 positive windows (v2)").contains("sim-001 OFFLINE -40 dBFS")
                .contains("{NOT_WAV=1}").contains("notice inbox skipped NOT_WAV: x.wav").contains("trainer http://127.0.0.1:8084/metrics")
                .contains("expert none: answer in the console at http://127.0.0.1:8086/")
                .contains("delivery 07:59:01 rangers      WEBHOOK DELIVERED              ADEDIP at SIM00 (attempt 1: HTTP 200)");
    }
}
