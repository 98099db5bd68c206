package io.chorus.console.web;

import io.chorus.console.accounts.Sessions;
import io.chorus.console.state.ConsoleState;
import io.chorus.schemas.ops.OpsHttpServer;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP server (Javalin on Jetty): static assets from its own jar (never a CDN),
 * {@code /metrics}, and the pages the capability packages register. Every page but the login
 * page needs a session; every POST carries the session's CSRF token; forms are small. Bad input
 * becomes a {@link Refusal}: an HTML page with the reason and its status, counted by reason.
 */
public final class ConsoleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    /** A review form is a few hundred bytes; anything near this is not one. */
    public static final int MAX_FORM_BYTES = 64 * 1024;
    private static final Set<String> OPEN_PATHS = Set.of("/login", "/metrics", "/healthz", "/favicon.ico");

    private final Javalin app;

    private ConsoleServer(Javalin app) {
        this.app = app;
    }

    /**
     * @param pages each registers its routes
     */
    public static ConsoleServer start(String host, int port, Sessions sessions, PrometheusRegistry registry, ConsoleMetrics metrics,
                                      List<Consumer<RoutesConfig>> pages) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_FORM_BYTES;
            config.staticFiles.enableWebjars();
            config.staticFiles.add(sf -> {
                sf.hostedPath = "/static";
                sf.directory = "/console-static";
                sf.location = Location.CLASSPATH;
            });
            RoutesConfig routes = config.routes;
            routes.before(ctx -> guard(ctx, sessions));
            routes.get("/metrics", ctx -> ctx.contentType(OpsHttpServer.METRICS_CONTENT_TYPE).result(OpsHttpServer.metricsText(registry)));
            routes.get("/healthz", ctx -> ctx.result("ok"));
            routes.get("/favicon.ico", ctx -> ctx.status(204));
            pages.forEach(p -> p.accept(routes));
            routes.exception(Refusal.class, (e, ctx) -> refuse(ctx, e, metrics));
            routes.exception(ConsoleState.StateUnavailableException.class, (e, ctx) -> {
                ctx.status(503).header("Retry-After", "2");
                ctx.html(Html.page("Starting", null, null, null, "<p class=\"error\">" + Html.esc(e.getMessage())
                        + ": the console is still reading its topics; try again in a moment.</p>"));
            });
            routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(500).html(Html.page("Error", null, null, null, "<p class=\"error\">" + Html.esc(e.getMessage()) + "</p>"));
            });
            routes.error(404, "html", ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    metrics.refusals.labelValues("not_found").inc();
                    ctx.html(Html.page("Not found", null, null, null, "<p class=\"error\">No page " + Html.esc(ctx.path()) + "</p>"));
                }
            });
        });
        app.start(host, port);
        return new ConsoleServer(app);
    }

    /** Sessions on every page but the login page and the ops endpoints; CSRF and size on every POST. */
    private static void guard(Context ctx, Sessions sessions) {
        String path = ctx.path();
        if (OPEN_PATHS.contains(path) || path.startsWith("/static/") || path.startsWith("/webjars/")) {
            if (path.equals("/login") && ctx.method().toString().equals("POST")) {
                checkSize(ctx);
            }
            return;
        }
        var session = sessions.find(ctx.cookie(Auth.SESSION_COOKIE));
        if (session.isEmpty()) {
            if (ctx.method().toString().equals("GET")) {
                ctx.redirect("/login?next=" + Html.url(path + (ctx.queryString() == null ? "" : "?" + ctx.queryString())), HttpStatus.SEE_OTHER);
                ctx.skipRemainingHandlers();
                return;
            }
            throw new Refusal(401, "not_logged_in", "log in first: no session for " + ctx.method() + " " + path);
        }
        ctx.attribute(Auth.SESSION_ATTRIBUTE, session.get());
        if (ctx.method().toString().equals("POST")) {
            checkSize(ctx);
            String token = ctx.formParam("csrf");
            if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                    session.get().csrfToken().getBytes(StandardCharsets.UTF_8))) {
                throw new Refusal(403, "csrf", (token == null ? "the form carries no CSRF token" : "the form's CSRF token is not this session's")
                        + ": reload the page and answer again");
            }
        }
    }

    private static void checkSize(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length > MAX_FORM_BYTES) {
            throw new Refusal(413, "oversized_form", "the form is " + length + " bytes; a console form is at most " + MAX_FORM_BYTES + " bytes");
        }
        String type = ctx.contentType();
        if (type == null || !(type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"))) {
            throw new Refusal(400, "malformed_form", "a console form is application/x-www-form-urlencoded, got " + (type == null ? "no content type" : type));
        }
    }

    private static void refuse(Context ctx, Refusal e, ConsoleMetrics metrics) {
        metrics.refusals.labelValues(e.code()).inc();
        ctx.status(e.status());
        Sessions.Session s = ctx.attribute(Auth.SESSION_ATTRIBUTE);
        String body = "<p class=\"error\" id=\"error\" data-reason=\"" + Html.esc(e.code()) + "\">" + Html.esc(e.getMessage())
                + "</p><p><a href=\"" + (s == null ? "/login" : "/queue") + "\">" + (s == null ? "Log in" : "Back to the queue") + "</a></p>";
        String title = "Refused (" + e.status() + ")";
        ctx.html(s == null ? Html.page(title, null, null, null, body)
                : Html.page(title, s.account(), s.role().name().toLowerCase(java.util.Locale.ROOT), s.csrfToken(), body));
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
