package io.chorus.local.view;

import io.chorus.schemas.avro.RecorderHealth;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The local run's console view: a pure rendering of an observer snapshot, endpoints and notices. */
public final class ConsoleView {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private ConsoleView() {
    }

    /**
     * @param endpoints name → address of every /metrics and HTTP endpoint
     * @param notices   lines about bad input and other events (skipped files ...)
     * @param expert    who answers review requests, in words
     * @param deliveries the notifier's latest delivery outcomes, newest first (empty without subscriptions)
     */
    public static String render(PipelineObserver.Snapshot s, Map<String, String> endpoints, List<String> notices, String expert,
                                List<String> deliveries) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "── Chorus local run · %s UTC ─────────────────────────────────────%n", TIME.format(s.at())));
        b.append(String.format(Locale.ROOT, "model  serving v%d", s.servingVersion()));
        for (PipelineObserver.VersionSeen v : s.versions()) {
            b.append(String.format(Locale.ROOT, "   v%d released %s, first detection %s", v.version(),
                    v.releasedAt() == null ? "?" : TIME.format(v.releasedAt()),
                    v.firstDetectionAt() == null ? "—" : TIME.format(v.firstDetectionAt())));
        }
        b.append('\n');
        b.append(String.format(Locale.ROOT, "stream %d windows, %.1f windows/s, latency p50 %.2f s p95 %.2f s (window end → read_committed "
                        + "receipt; p50 %.2f s of it after scoring)%n", s.detections(), s.flow().windowsPerSecond(), s.flow().latencyP50Seconds(),
                s.flow().latencyP95Seconds(), s.flow().commitP50Seconds()));
        StringBuilder byVersion = new StringBuilder();
        s.quality().macroF1ByVersion().forEach((v, f) -> byVersion.append(String.format(Locale.ROOT, "  v%d %.3f", v, f)));
        b.append(String.format(Locale.ROOT, "quality macro F1 vs ground truth %.3f over the last %d windows; all windows by model:%s%n",
                s.quality().macroF1(), s.quality().windows(), byVersion));
        Instant newest = s.heardBySite().values().stream().flatMap(m -> m.values().stream()).max(Instant::compareTo).orElse(s.at());
        for (Map.Entry<String, Map<String, Instant>> site : s.heardBySite().entrySet()) {
            List<String> recent = new ArrayList<>();
            site.getValue().forEach((sp, at) -> {
                if (Duration.between(at, newest).compareTo(PipelineObserver.HEARD_SPAN) <= 0) {
                    recent.add(sp);
                }
            });
            b.append(String.format(Locale.ROOT, "site %-6s heard in the last %d min: %s%n", site.getKey(), PipelineObserver.HEARD_SPAN.toMinutes(),
                    recent.isEmpty() ? "—" : String.join(" ", recent)));
        }
        b.append("alerts ");
        if (s.alerts().isEmpty()) {
            b.append("none yet\n");
        } else {
            b.append('\n');
            for (PipelineObserver.AlertLine a : s.alerts()) {
                b.append(String.format(Locale.ROOT, "  %s %-6s %-7s%s %d positive windows (v%d)%n", TIME.format(a.raisedAt()), a.siteId(),
                        a.species(), a.rare() ? " RARE" : "", a.positives(), a.modelVersion()));
            }
        }
        b.append("health ");
        for (RecorderHealth h : s.health().values()) {
            b.append(String.format(Locale.ROOT, "%s %s %.0f dBFS  ", h.getRecorderId(), h.getStatus(), h.getRmsDbfs()));
        }
        b.append('\n');
        b.append("expert ").append(expert).append('\n');
        for (String d : deliveries) {
            b.append("delivery ").append(d).append('\n');
        }
        b.append("rejected ").append(s.rejectedByReason().isEmpty() ? "none" : s.rejectedByReason().toString())
                .append(" (audio.chunks.dlq)\n");
        for (String n : notices) {
            b.append("notice ").append(n).append('\n');
        }
        b.append("endpoints ");
        endpoints.forEach((name, url) -> b.append(name).append(' ').append(url).append("  "));
        b.append('\n');
        return b.toString();
    }
}
