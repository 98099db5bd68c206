package io.chorus.console.review;

import io.chorus.audio.species.SpeciesNames;
import io.chorus.console.accounts.Sessions;
import io.chorus.console.queue.Claims;
import io.chorus.console.queue.QueueFilter;
import io.chorus.console.queue.QueueItem;
import io.chorus.console.queue.ReviewQueue;
import io.chorus.console.state.ConsoleState;
import io.chorus.console.web.Auth;
import io.chorus.console.web.ConsoleMetrics;
import io.chorus.console.web.Html;
import io.chorus.console.web.Refusal;
import io.chorus.schemas.avro.Annotation;
import io.chorus.schemas.avro.ModelRelease;
import io.chorus.schemas.avro.ReviewReason;
import io.chorus.schemas.avro.ReviewRequest;
import io.chorus.schemas.avro.SpeciesScore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The review queue and the review page: listen, look, tick species, submit. Submitting writes an
 * Annotation (the logged-in account as annotator) and moves to the next request; the label joiner
 * makes the training clip.
 */
public final class ReviewPages {

    /** A note longer than this is refused, not cut. */
    public static final int MAX_NOTE_CHARS = 2000;
    private static final int QUEUE_PAGE = 100;

    private final ConsoleState state;
    private final ReviewQueue queue;
    private final Claims claims;
    private final Map<String, String> answeredHere;
    private final AnnotationWriter writer;
    private final SpeciesNames names;
    private final Clock clock;
    private final RenderCache<byte[]> spectrograms = new RenderCache<>(64);
    private final ConsoleMetrics metrics;

    /**
     * @param answeredHere request id → annotator of answers this console wrote (until the store has them)
     * @param metrics      told each annotation written and each pending count a page makes
     */
    public ReviewPages(ConsoleState state, ReviewQueue queue, Claims claims, Map<String, String> answeredHere, AnnotationWriter writer,
                       SpeciesNames names, Clock clock, ConsoleMetrics metrics) {
        this.state = state;
        this.queue = queue;
        this.claims = claims;
        this.answeredHere = answeredHere;
        this.writer = writer;
        this.names = names;
        this.clock = clock;
        this.metrics = metrics;
    }

    public void register(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.redirect("/queue", HttpStatus.SEE_OTHER));
        routes.get("/queue", this::queuePage);
        routes.get("/next", this::next);
        routes.get("/review/{id}", this::reviewPage);
        routes.get("/review/{id}/audio.wav", this::audio);
        routes.get("/review/{id}/spectrogram.png", this::spectrogram);
        routes.post("/review/{id}", this::submit);
    }

    private QueueFilter filter(Context ctx) {
        try {
            return QueueFilter.parse(ctx.queryParam("site"), ctx.queryParam("species"), ctx.queryParam("reason"),
                    ctx.queryParam("version"), ctx.queryParam("date"));
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "malformed_form", "queue filter: " + e.getMessage());
        }
    }

    private void queuePage(Context ctx) {
        Sessions.Session s = Auth.session(ctx);
        QueueFilter f = filter(ctx);
        ReviewQueue.Page page = queue.page(f, QUEUE_PAGE);
        StringBuilder b = new StringBuilder();
        b.append(progress(s.account(), page.total()));
        b.append("<form class=\"filters\" method=\"get\" action=\"/queue\">")
                .append(input("site", "Site", f.siteId())).append(input("species", "Species", f.species()))
                .append("<label>Reason <select name=\"reason\"><option value=\"\">any</option>");
        for (ReviewReason r : ReviewReason.values()) {
            b.append("<option").append(r == f.reason() ? " selected" : "").append(">").append(r).append("</option>");
        }
        b.append("</select></label>").append(input("version", "Model version", f.modelVersion() == null ? null : f.modelVersion().toString()))
                .append("<label>Day <input type=\"date\" name=\"date\" value=\"").append(f.date() == null ? "" : f.date()).append("\"></label>")
                .append("<button type=\"submit\">Filter</button> <a class=\"button\" href=\"/next").append(query(ctx))
                .append("\" id=\"start\">Start reviewing</a></form>");
        b.append("<p id=\"queue-size\">").append(page.pending()).append(" pending").append(page.pending() > page.items().size()
                ? ", first " + page.items().size() + " shown" : "").append("</p>");
        b.append("<table class=\"queue\" id=\"queue\"><thead><tr><th>Request</th><th>Reason</th><th>Site</th><th>Recorder</th><th>Window start</th>")
                .append("<th>Uncertainty</th><th>Top scores</th><th>Model</th><th>State</th></tr></thead><tbody>");
        for (QueueItem i : page.items()) {
            boolean taken = i.claimedBy() != null && !i.claimedBy().equals(s.account());
            b.append("<tr class=\"").append(i.reason() == ReviewReason.RARE_SPECIES ? "rare" : "").append(taken ? " taken" : "")
                    .append("\" data-request=\"").append(Html.esc(i.requestId())).append("\"><td>");
            if (taken) {
                b.append(Html.esc(i.requestId()));
            } else {
                b.append("<a href=\"/review/").append(Html.url(i.requestId())).append("\">").append(Html.esc(i.requestId())).append("</a>");
            }
            b.append("</td><td>").append(i.reason()).append("</td><td>").append(Html.esc(i.siteId())).append("</td><td>")
                    .append(Html.esc(i.recorderId())).append("</td><td>").append(Html.time(i.windowStart())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.2f", i.uncertainty())).append("</td><td>").append(topScores(i.topScores(), 3))
                    .append("</td><td>v").append(i.modelVersion()).append("</td><td>")
                    .append(taken ? "taken by " + Html.esc(i.claimedBy()) : i.claimedBy() != null ? "open by you" : "free").append("</td></tr>");
        }
        b.append("</tbody></table>");
        ctx.html(Auth.page(ctx, "Review queue", b.toString()));
    }

    private static String query(Context ctx) {
        String q = ctx.queryString();
        return q == null || q.isBlank() ? "" : "?" + Html.esc(q);
    }

    private static String input(String name, String label, String value) {
        return "<label>" + label + " <input name=\"" + name + "\" value=\"" + Html.esc(value) + "\" size=\"8\"></label>";
    }

    private static String topScores(List<SpeciesScore> sorted, int n) {
        StringBuilder b = new StringBuilder();
        for (SpeciesScore sc : sorted.subList(0, Math.min(n, sorted.size()))) {
            b.append(Html.esc(sc.getSpeciesCode())).append(String.format(Locale.ROOT, " %.2f ", sc.getScore()));
        }
        return b.toString().trim();
    }

    /** The reviewer's answers today (from the store, plus those written here it has not read yet) and the queue size. */
    private String progress(String account, int pending) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        long[] mine = {0};
        Set<String> counted = new java.util.HashSet<>();
        state.eachAnswer(a -> {
            if (a.getAnnotator().equals(account) && a.getAnnotatedAt().atZone(ZoneOffset.UTC).toLocalDate().equals(today)) {
                mine[0]++;
                counted.add(a.getRequestId());
            }
        });
        answeredHere.forEach((id, who) -> {
            if (who.equals(account) && !counted.contains(id)) {
                mine[0]++;
            }
        });
        metrics.pendingSeen(pending);
        return "<p class=\"progress\" id=\"progress\">Your answers today: <b id=\"answered-today\">" + mine[0]
                + "</b> · pending in the queue: <b id=\"pending\">" + pending + "</b></p>";
    }

    private void next(Context ctx) {
        Sessions.Session s = Auth.session(ctx);
        String skip = ctx.queryParam("skip");
        if (skip != null) {
            claims.release(skip);
        }
        var item = queue.next(s.account(), filter(ctx), skip);
        if (item.isEmpty()) {
            ctx.html(Auth.page(ctx, "Review queue", progress(s.account(), queue.page(QueueFilter.NONE, 0).total())
                    + "<p id=\"empty\">Nothing left to review" + (skip != null ? " besides what you skipped" : "") + ". <a href=\"/queue\">Back to the queue</a></p>"));
            return;
        }
        ctx.redirect("/review/" + Html.url(item.get().requestId()), HttpStatus.SEE_OTHER);
    }

    private ReviewRequest known(Context ctx) {
        String id = ctx.pathParam("id");
        return state.request(id).orElseThrow(() -> new Refusal(404, "unknown_request", "no review request " + id
                + " (it may have expired from review.requests, or never existed)"));
    }

    /** The model's label catalogue for this request: its release's labels, else the species it was scored on. */
    private List<String> catalogue(ReviewRequest r) {
        for (ModelRelease m : state.releases()) {
            if (m.getModelName().equals(r.getModelName()) && m.getVersion() == r.getModelVersion()) {
                return List.copyOf(m.getLabels());
            }
        }
        return r.getScores().stream().map(SpeciesScore::getSpeciesCode).toList();
    }

    private void reviewPage(Context ctx) {
        Sessions.Session s = Auth.session(ctx);
        ReviewRequest r = known(ctx);
        String id = r.getRequestId();
        String answeredBy = answeredBy(id);
        if (s.role() == io.chorus.console.accounts.Role.REVIEWER && answeredBy == null) {
            claims.claim(id, s.account()).ifPresent(other -> {
                throw new Refusal(409, "claimed", "review request " + id + " is open by " + other.reviewer() + " until "
                        + Html.time(other.expiresAt()) + "; pick another from the queue");
            });
        }
        List<SpeciesScore> sorted = r.getScores().stream().sorted(Comparator.comparingDouble(SpeciesScore::getScore).reversed()).toList();
        List<String> order = new ArrayList<>();
        sorted.forEach(sc -> order.add(sc.getSpeciesCode()));
        for (String c : catalogue(r)) {
            if (!order.contains(c)) {
                order.add(c);
            }
        }
        double seconds = r.getFrameCount() / (double) r.getSampleRateHz();
        StringBuilder b = new StringBuilder();
        b.append(progress(s.account(), queue.page(QueueFilter.NONE, 0).total()));
        b.append("<p class=\"meta\">").append(r.getReason()).append(r.getReasonDetail() == null ? "" : " (" + Html.esc(r.getReasonDetail()) + ")")
                .append(" · site <b>").append(Html.esc(r.getSiteId())).append("</b> · recorder ").append(Html.esc(r.getRecorderId()))
                .append(" · ").append(Html.time(r.getWindowStart())).append(String.format(Locale.ROOT, " · %.1f s at %d Hz", seconds, r.getSampleRateHz()))
                .append(" · ").append(Html.esc(r.getModelName())).append(" v").append(r.getModelVersion()).append("</p>");
        if (answeredBy != null) {
            b.append("<p class=\"notice\" id=\"answered\">Already answered by ").append(Html.esc(answeredBy)).append(".</p>");
        } else {
            claims.holder(id).ifPresent(c -> b.append("<p class=\"notice\">Open by you until ").append(Html.time(c.expiresAt())).append("</p>"));
        }
        String base = "/review/" + Html.url(id);
        b.append("<figure><img id=\"spectrogram\" src=\"").append(base).append("/spectrogram.png\" alt=\"spectrogram of ")
                .append(Html.esc(id)).append("\"></figure>");
        b.append("<audio id=\"clip\" controls preload=\"auto\" src=\"").append(base).append("/audio.wav\"></audio>");
        b.append("<p class=\"keys\">Keys: space play/pause · 1–9 toggle the top species · Enter submit · N next (skip)</p>");
        b.append("<form method=\"post\" action=\"").append(base).append("\" id=\"answer\">").append(Auth.csrfField(ctx))
                .append("<input type=\"search\" id=\"species-search\" placeholder=\"search species by code or name\">")
                .append("<ul class=\"species\" id=\"species\">");
        Map<String, Float> score = new java.util.HashMap<>();
        r.getScores().forEach(sc -> score.put(sc.getSpeciesCode(), sc.getScore()));
        int n = 0;
        for (String code : order) {
            n++;
            String name = names.nameOf(code);
            b.append("<li data-search=\"").append(Html.esc((code + " " + name).toLowerCase(Locale.ROOT))).append("\"><label>")
                    .append("<input type=\"checkbox\" name=\"species\" value=\"").append(Html.esc(code)).append("\" id=\"sp-")
                    .append(Html.esc(code)).append("\"").append(n <= 9 ? " data-key=\"" + n + "\"" : "").append("> ")
                    .append(n <= 9 ? "<kbd>" + n + "</kbd> " : "").append("<b>").append(Html.esc(code)).append("</b> ")
                    .append("<i>").append(Html.esc(name)).append("</i>")
                    .append(score.containsKey(code) ? String.format(Locale.ROOT, " <span class=\"score\">%.2f</span>", score.get(code)) : "")
                    .append("</label></li>");
        }
        b.append("</ul><label class=\"none\"><input type=\"checkbox\" name=\"none\" value=\"on\" id=\"none\"> None of these</label>")
                .append("<label class=\"note\">Note <textarea name=\"notes\" id=\"notes\" rows=\"2\" maxlength=\"").append(MAX_NOTE_CHARS)
                .append("\"></textarea></label>")
                .append("<button type=\"submit\" id=\"submit\">Submit (Enter)</button> ")
                .append("<a class=\"button\" id=\"skip\" href=\"/next?skip=").append(Html.url(id)).append("\">Unsure / skip (N)</a>")
                .append("</form>");
        ctx.html(Auth.page(ctx, "Review " + id, b.toString()));
    }

    private String answeredBy(String requestId) {
        String here = answeredHere.get(requestId);
        if (here != null) {
            return here;
        }
        return state.answer(requestId).map(Annotation::getAnnotator).orElse(null);
    }

    private void audio(Context ctx) {
        ReviewRequest r = known(ctx);
        ctx.contentType("audio/wav").header("Cache-Control", "private, max-age=3600").result(ClipAudio.wav(r));
    }

    private void spectrogram(Context ctx) {
        ReviewRequest r = known(ctx);
        byte[] png = spectrograms.get(r.getRequestId(), () -> Spectrogram.png(ClipAudio.of(r)));
        ctx.contentType("image/png").header("Cache-Control", "private, max-age=3600").result(png);
    }

    private void submit(Context ctx) {
        Auth.requireReviewer(ctx);
        Sessions.Session s = Auth.session(ctx);
        ReviewRequest r = known(ctx);
        String id = r.getRequestId();
        String answeredBy = answeredBy(id);
        if (answeredBy != null && !answeredBy.equals(s.account())) {
            throw new Refusal(409, "already_answered", "review request " + id + " was already answered by " + answeredBy);
        }
        claims.heldByOther(id, s.account()).ifPresent(c -> {
            throw new Refusal(409, "claimed", "review request " + id + " is open by " + c.reviewer() + " until " + Html.time(c.expiresAt()));
        });
        List<String> ticked = ctx.formParams("species");
        Set<String> species = new LinkedHashSet<>();
        List<String> catalogue = catalogue(r);
        for (String code : ticked) {
            if (!catalogue.contains(code)) {
                throw new Refusal(400, "unknown_species", "species '" + code + "' is not in the label catalogue of " + r.getModelName()
                        + " v" + r.getModelVersion() + " (" + catalogue.size() + " codes)");
            }
            species.add(code);
        }
        boolean none = "on".equals(ctx.formParam("none"));
        if (none && !species.isEmpty()) {
            throw new Refusal(400, "malformed_form", "the answer ticks 'none of these' and species " + species + ": choose one");
        }
        if (!none && species.isEmpty()) {
            throw new Refusal(400, "malformed_form", "tick the species you hear, or 'none of these' (or skip the request)");
        }
        String notes = ctx.formParam("notes");
        if (notes != null && notes.length() > MAX_NOTE_CHARS) {
            throw new Refusal(400, "malformed_form", "the note has " + notes.length() + " characters; at most " + MAX_NOTE_CHARS);
        }
        writer.write(id, new ArrayList<>(species), s.account(), notes, clock.instant());
        answeredHere.put(id, s.account());
        claims.release(id);
        metrics.answered(none);
        ctx.redirect("/next", HttpStatus.SEE_OTHER);
    }
}
