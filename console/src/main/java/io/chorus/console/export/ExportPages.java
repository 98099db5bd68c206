package io.chorus.console.export;

import io.chorus.console.state.ConsoleState;
import io.chorus.console.web.Auth;
import io.chorus.console.web.Refusal;
import io.chorus.schemas.avro.Detection;
import io.chorus.schemas.avro.ModelRelease;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/** The export form and the exports themselves, streamed while the detections are read. */
public final class ExportPages {

    private final ConsoleState state;
    private final DetectionRangeReader reader;
    private final Duration maxRange;
    private final BiConsumer<ExportFormat, Integer> onRows;

    public ExportPages(ConsoleState state, DetectionRangeReader reader, Duration maxRange, BiConsumer<ExportFormat, Integer> onRows) {
        this.state = state;
        this.reader = reader;
        this.maxRange = maxRange;
        this.onRows = onRows;
    }

    public void register(RoutesConfig routes) {
        routes.get("/export", this::exportPage);
        routes.get("/export/detections", this::export);
    }

    private void exportPage(Context ctx) {
        String body = "<p>Detections of one recorder or one site whose windows start in [from, to) (UTC, at most " + maxRange.toHours()
                + " hours). Times in the Raven and Audacity files are seconds from <i>from</i>.</p>"
                + "<form method=\"get\" action=\"/export/detections\" class=\"filters\">"
                + "<label>Recorder <input name=\"recorder\" size=\"10\"></label> or <label>Site <input name=\"site\" size=\"8\"></label>"
                + "<label>From <input name=\"from\" placeholder=\"2026-11-30T06:00:00Z\"></label>"
                + "<label>To <input name=\"to\" placeholder=\"2026-11-30T07:00:00Z\"></label>"
                + "<label>Format <select name=\"format\"><option value=\"raven\">Raven selection table</option><option value=\"csv\">CSV</option>"
                + "<option value=\"audacity\">Audacity labels</option></select></label><button type=\"submit\">Export</button></form>";
        ctx.html(Auth.page(ctx, "Export detections", body));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new Refusal(400, "bad_export", "export: '" + name + "' is missing (an instant like 2026-11-30T06:00:00Z)");
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new Refusal(400, "bad_export", "export: " + name + " '" + value + "' is not an instant like 2026-11-30T06:00:00Z");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private void export(Context ctx) throws Exception {
        ExportFormat format;
        DetectionRangeReader.Subject subject;
        try {
            format = ExportFormat.parse(ctx.queryParam("format") == null ? "raven" : ctx.queryParam("format"));
            subject = new DetectionRangeReader.Subject(blankToNull(ctx.queryParam("recorder")), blankToNull(ctx.queryParam("site")));
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "bad_export", "export: " + e.getMessage());
        }
        Instant from = instant("from", ctx.queryParam("from"));
        Instant to = instant("to", ctx.queryParam("to"));
        if (!to.isAfter(from)) {
            throw new Refusal(400, "bad_export", "export: 'to' (" + to + ") must be after 'from' (" + from + ")");
        }
        if (Duration.between(from, to).compareTo(maxRange) > 0) {
            throw new Refusal(400, "bad_export", "export: " + Duration.between(from, to).toHours() + " hours asked, at most "
                    + maxRange.toHours() + " hours per export (--export-max-range); split the range");
        }
        Map<Integer, ExportFormat.Band> bands = bands();
        ctx.contentType(format.contentType() + "; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + format.fileName(subject.name()) + "\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8));
        format.header(out);
        int[] rows = {0};
        reader.read(subject, from, to, (Detection d) -> {
            rows[0] += format.rows(out, d, from, rows[0] + 1, bands.getOrDefault(d.getModelVersion(), DEFAULT_BAND));
        });
        out.flush();
        onRows.accept(format, rows[0]);
    }

    /** Without the release at hand, the box spans the local model's band. */
    static final ExportFormat.Band DEFAULT_BAND = new ExportFormat.Band(0, 8000);

    /** Each model version's front-end band (f_min … f_max, Nyquist when f_max is 0). */
    private Map<Integer, ExportFormat.Band> bands() {
        Map<Integer, ExportFormat.Band> out = new HashMap<>();
        for (ModelRelease r : state.releases()) {
            var f = r.getFeatureConfig();
            out.put(r.getVersion(), new ExportFormat.Band(f.getFMinHz(), f.getFMaxHz() > 0 ? f.getFMaxHz() : f.getSampleRateHz() / 2.0));
        }
        return out;
    }

}
