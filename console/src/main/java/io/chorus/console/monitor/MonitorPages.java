package io.chorus.console.monitor;

import io.chorus.audio.wav.WavCodec;
import io.chorus.console.review.RenderCache;
import io.chorus.console.review.Spectrogram;
import io.chorus.console.state.ConsoleState;
import io.chorus.console.web.Auth;
import io.chorus.console.web.Html;
import io.chorus.console.web.Refusal;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.avro.RecorderHealth;
import io.chorus.schemas.avro.ReviewRequest;
import io.chorus.schemas.avro.SpeciesAlert;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the network is doing: alerts (with their windows' audio), activity per site, recorder health, model releases. */
public final class MonitorPages {

    private static final int MAX_ALERTS = 200;

    private final ConsoleState state;
    private final Clock clock;
    private final WindowAudioReader windowAudio;
    private final RenderCache<WindowAudioReader.Result> windows = new RenderCache<>(32);
    private final RenderCache<byte[]> spectrograms = new RenderCache<>(64);

    public MonitorPages(ConsoleState state, Clock clock, WindowAudioReader windowAudio) {
        this.state = state;
        this.clock = clock;
        this.windowAudio = windowAudio;
    }

    public void register(RoutesConfig routes) {
        routes.get("/alerts", this::alerts);
        routes.get("/alerts/{id}", this::alert);
        routes.get("/alerts/{id}/windows/{n}/audio.wav", this::windowWav);
        routes.get("/alerts/{id}/windows/{n}/spectrogram.png", this::windowSpectrogram);
        routes.get("/activity", this::activity);
        routes.get("/recorders", this::recorders);
        routes.get("/models", this::models);
    }

    private void alerts(Context ctx) {
        List<SpeciesAlert> all = state.alerts();
        StringBuilder b = new StringBuilder("<p>").append(all.size()).append(" alerts, newest first.</p>");
        b.append("<table id=\"alerts\"><thead><tr><th>Raised</th><th>Site</th><th>Species</th><th></th><th>Windows</th><th>Max score</th>")
                .append("<th>Rule</th><th>Model</th></tr></thead><tbody>");
        for (SpeciesAlert a : all.subList(0, Math.min(MAX_ALERTS, all.size()))) {
            b.append("<tr class=\"").append(a.getRare() ? "rare" : "").append("\"><td><a href=\"/alerts/").append(Html.url(a.getAlertId()))
                    .append("\">").append(Html.time(a.getRaisedAt())).append("</a></td><td>").append(Html.esc(a.getSiteId()))
                    .append("</td><td><b>").append(Html.esc(a.getSpeciesCode())).append("</b></td><td>").append(a.getRare() ? "<span class=\"tag\">RARE</span>" : "")
                    .append("</td><td>").append(a.getPositiveWindows()).append(" of ").append(a.getWindowsConsidered())
                    .append(String.format(Locale.ROOT, "</td><td>%.2f", a.getMaxScore())).append("</td><td>").append(Html.esc(a.getRule()))
                    .append("</td><td>v").append(a.getModelVersion()).append("</td></tr>");
        }
        b.append("</tbody></table>");
        ctx.html(Auth.page(ctx, "Alerts", b.toString()));
    }

    private void alert(Context ctx) {
        String id = ctx.pathParam("id");
        SpeciesAlert a = state.alert(id).orElseThrow(() -> new Refusal(404, "not_found", "no alert " + id));
        Map<String, ReviewRequest> byWindow = new HashMap<>();
        List<String> windows = a.getWindowIds();
        state.eachRequest(r -> {
            if (windows.contains(r.getWindowId())) {
                byWindow.put(r.getWindowId(), r);
            }
        });
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"meta\">").append(a.getRare() ? "<span class=\"tag\">RARE</span> " : "").append("<b>")
                .append(Html.esc(a.getSpeciesCode())).append("</b> at site ").append(Html.esc(a.getSiteId())).append(" · recorders ")
                .append(Html.esc(String.join(", ", a.getRecorderIds()))).append(" · ").append(Html.time(a.getFirstWindowStart()))
                .append(" – ").append(Html.time(a.getLastWindowEnd())).append(String.format(Locale.ROOT,
                        " · %d of %d windows ≥ %.2f (max %.2f, mean %.2f) · %s v%d", a.getPositiveWindows(), a.getWindowsConsidered(),
                        a.getThreshold(), a.getMaxScore(), a.getMeanScore(), Html.esc(a.getModelName()), a.getModelVersion())).append("</p>");
        b.append("<ol class=\"windows\" id=\"alert-windows\">");
        for (int n = 0; n < windows.size(); n++) {
            String w = windows.get(n);
            ReviewRequest r = byWindow.get(w);
            b.append("<li><code>").append(Html.esc(w)).append("</code>");
            if (r != null) {
                String base = "/review/" + Html.url(r.getRequestId());
                b.append(" <a href=\"").append(base).append("\">review request</a><br><img class=\"spectrogram\" src=\"").append(base)
                        .append("/spectrogram.png\" alt=\"spectrogram of window ").append(Html.esc(w)).append("\"><br><audio controls preload=\"none\" src=\"")
                        .append(base).append("/audio.wav\"></audio>");
            } else {
                String base = "/alerts/" + Html.url(a.getAlertId()) + "/windows/" + n;
                b.append(" (from audio.chunks)<br><img class=\"spectrogram\" src=\"").append(base).append("/spectrogram.png\" alt=\"spectrogram of window ")
                        .append(Html.esc(w)).append("\"><br><audio controls preload=\"none\" src=\"").append(base).append("/audio.wav\"></audio>");
            }
            b.append("</li>");
        }
        b.append("</ol>");
        ctx.html(Auth.page(ctx, "Alert " + a.getSpeciesCode() + " at " + a.getSiteId(), b.toString()));
    }

    /** The n-th window of an alert, read back from audio.chunks (window ids are "recorder/startMicros"). */
    private WindowAudioReader.Result window(Context ctx) {
        String id = ctx.pathParam("id");
        SpeciesAlert a = state.alert(id).orElseThrow(() -> new Refusal(404, "not_found", "no alert " + id));
        int n;
        try {
            n = Integer.parseInt(ctx.pathParam("n"));
        } catch (NumberFormatException e) {
            throw new Refusal(404, "not_found", "alert " + id + " has no window '" + ctx.pathParam("n") + "'");
        }
        if (n < 0 || n >= a.getWindowIds().size()) {
            throw new Refusal(404, "not_found", "alert " + id + " has " + a.getWindowIds().size() + " windows, no window " + n);
        }
        String w = a.getWindowIds().get(n);
        int slash = w.lastIndexOf('/');
        long startMicros;
        try {
            startMicros = Long.parseLong(w.substring(slash + 1));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new Refusal(404, "not_found", "window id " + w + " is not 'recorder/startMicros'");
        }
        String recorder = w.substring(0, Math.max(0, slash));
        Instant start = Instant.EPOCH.plus(startMicros, ChronoUnit.MICROS);
        Instant end = start.plusMillis(Math.round(1000 * windowSeconds(a)));
        WindowAudioReader.Result r = windows.get(w, () -> windowAudio.read(recorder, start, end));
        if (r.audio().isEmpty()) {
            throw new Refusal(404, "not_found", "no audio for window " + w + ": " + r.reason() + " (audio.chunks keeps 3 days)");
        }
        return r;
    }

    private double windowSeconds(SpeciesAlert a) {
        for (ModelRelease m : state.releases()) {
            if (m.getModelName().equals(a.getModelName()) && m.getVersion() == a.getModelVersion()) {
                return m.getFeatureConfig().getWindowSeconds();
            }
        }
        return 3.0;
    }

    private void windowWav(Context ctx) {
        WindowAudioReader.Result r = window(ctx);
        ctx.contentType("audio/wav").header("Cache-Control", "private, max-age=3600").result(WavCodec.encode16(r.audio().get()));
    }

    private void windowSpectrogram(Context ctx) {
        WindowAudioReader.Result r = window(ctx);
        byte[] png = spectrograms.get(ctx.pathParam("id") + "#" + ctx.pathParam("n"), () -> Spectrogram.png(r.audio().get()));
        ctx.contentType("image/png").header("Cache-Control", "private, max-age=3600").result(png);
    }

    private void activity(Context ctx) {
        int hours;
        try {
            hours = ctx.queryParam("hours") == null ? 24 : Integer.parseInt(ctx.queryParam("hours"));
        } catch (NumberFormatException e) {
            throw new Refusal(400, "malformed_form", "hours '" + ctx.queryParam("hours") + "' is not a whole number");
        }
        if (hours < 1 || hours > 24 * 30) {
            throw new Refusal(400, "malformed_form", "hours must be between 1 and 720, got " + hours);
        }
        Instant end = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant start = end.minus(Duration.ofHours(hours));
        Map<String, Map<Instant, Long>> counts = state.activity(start, end);
        Map<String, List<String>> bySite = new java.util.TreeMap<>();
        counts.keySet().forEach(k -> bySite.computeIfAbsent(k.substring(0, k.indexOf('|')), s -> new ArrayList<>()).add(k));
        StringBuilder b = new StringBuilder("<p>Detections per hour (UTC) per species, last ").append(hours)
                .append(" hours, by the windows' own time. <a href=\"?hours=6\">6 h</a> · <a href=\"?hours=24\">24 h</a> · <a href=\"?hours=168\">7 days</a></p>");
        if (bySite.isEmpty()) {
            b.append("<p id=\"no-activity\">No detections in this span.</p>");
        }
        for (Map.Entry<String, List<String>> site : bySite.entrySet()) {
            b.append("<h2>Site ").append(Html.esc(site.getKey())).append("</h2><table class=\"activity\"><thead><tr><th>Species</th>");
            for (Instant h = start; h.isBefore(end); h = h.plus(Duration.ofHours(1))) {
                b.append("<th>").append(Html.time(h).substring(11, 13)).append("</th>");
            }
            b.append("<th>Total</th></tr></thead><tbody>");
            for (String key : site.getValue()) {
                Map<Instant, Long> row = counts.get(key);
                long total = 0;
                b.append("<tr><td><b>").append(Html.esc(key.substring(key.indexOf('|') + 1))).append("</b></td>");
                for (Instant h = start; h.isBefore(end); h = h.plus(Duration.ofHours(1))) {
                    long c = row.getOrDefault(h, 0L);
                    total += c;
                    b.append("<td class=\"count\" style=\"--level:").append(Math.min(1.0, c / 60.0)).append("\">").append(c == 0 ? "" : c).append("</td>");
                }
                b.append("<td>").append(total).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        ctx.html(Auth.page(ctx, "Activity", b.toString()));
    }

    private void recorders(Context ctx) {
        StringBuilder b = new StringBuilder("<table id=\"recorders\"><thead><tr><th>Recorder</th><th>Site</th><th>Status</th><th>Last seen</th>")
                .append("<th>RMS dBFS</th><th>Peak dBFS</th><th>Clipping</th><th>Silence</th><th>Gaps</th><th>Rate</th><th>Reported</th></tr></thead><tbody>");
        for (RecorderHealth h : state.health()) {
            b.append("<tr class=\"").append(Html.esc(h.getStatus().toString().toLowerCase(Locale.ROOT))).append("\"><td>")
                    .append(Html.esc(h.getRecorderId())).append("</td><td>").append(Html.esc(h.getSiteId())).append("</td><td>")
                    .append(h.getStatus()).append("</td><td>").append(Html.time(h.getLastSeen())).append(String.format(Locale.ROOT,
                            "</td><td>%.1f</td><td>%.1f</td><td>%.2f %%</td><td>%.0f %%</td><td>%d (%.1f s)</td><td>%s</td><td>",
                            h.getRmsDbfs(), h.getPeakDbfs(), 100 * h.getClippingRatio(), 100 * h.getSilenceRatio(), h.getGapCount(),
                            h.getGapSeconds(), h.getSampleRateHz() == null ? "—" : h.getSampleRateHz() + " Hz"))
                    .append(Html.time(h.getReportedAt())).append("</td></tr>");
        }
        b.append("</tbody></table>");
        ctx.html(Auth.page(ctx, "Recorders", b.toString()));
    }

    private void models(Context ctx) {
        List<ModelRelease> releases = state.releases();
        Map<String, Integer> serving = new HashMap<>();
        releases.forEach(r -> serving.merge(r.getModelName(), r.getVersion(), Math::max));
        StringBuilder b = new StringBuilder("<p id=\"serving\">");
        if (serving.isEmpty()) {
            b.append("No model released yet.");
        }
        serving.forEach((name, v) -> b.append("Serving <b>").append(Html.esc(name)).append(" v").append(v).append("</b> (the newest release of the line). "));
        b.append("</p><table id=\"models\"><thead><tr><th>Line</th><th>Version</th><th>Parent</th><th>Released</th><th>Network</th>")
                .append("<th>Labels</th><th>Notes</th></tr></thead><tbody>");
        for (int i = releases.size() - 1; i >= 0; i--) {
            ModelRelease r = releases.get(i);
            b.append("<tr><td>").append(Html.esc(r.getModelName())).append("</td><td>v").append(r.getVersion()).append("</td><td>")
                    .append(r.getParentVersion() == null ? "—" : "v" + r.getParentVersion()).append("</td><td>").append(Html.time(r.getCreatedAt()))
                    .append("</td><td>").append(Html.esc(r.getArchitecture())).append("</td><td>").append(r.getLabels().size())
                    .append("</td><td>").append(Html.esc(r.getNotes())).append("</td></tr>");
        }
        b.append("</tbody></table>");
        ctx.html(Auth.page(ctx, "Models", b.toString()));
    }
}
