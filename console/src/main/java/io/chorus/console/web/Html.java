package io.chorus.console.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** HTML escaping, times, and the page frame every console page shares. */
public final class Html {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Html() {
    }

    /** Escapes text for element content and quoted attribute values. */
    public static String esc(Object o) {
        if (o == null) {
            return "";
        }
        String s = o.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Escapes a query-string value. */
    public static String url(String s) {
        return java.net.URLEncoder.encode(s == null ? "" : s, java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String time(Instant t) {
        return t == null ? "—" : TIME.format(t);
    }

    /**
     * The page frame: navigation, who is logged in (with a logout form), the body.
     *
     * @param user  the account, or null on the login page
     * @param csrf  the session's CSRF token (for the logout form), or null
     */
    public static String page(String title, String user, String role, String csrf, String body) {
        StringBuilder b = new StringBuilder(4096 + body.length());
        b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append(" · Chorus</title>")
                .append("<link rel=\"stylesheet\" href=\"/static/console.css\">")
                .append("<script src=\"/webjars/htmx.org/" + HTMX_VERSION + "/dist/htmx.min.js\" defer></script>")
                .append("<script src=\"/static/console.js\" defer></script></head><body>");
        b.append("<header><span class=\"brand\">Chorus</span>");
        if (user != null) {
            b.append("<nav><a href=\"/queue\">Review queue</a><a href=\"/alerts\">Alerts</a><a href=\"/activity\">Activity</a>")
                    .append("<a href=\"/recorders\">Recorders</a><a href=\"/models\">Models</a><a href=\"/export\">Export</a></nav>")
                    .append("<form class=\"logout\" method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"")
                    .append(esc(csrf)).append("\"><span id=\"who\">").append(esc(user)).append(" (").append(esc(role))
                    .append(")</span> <button type=\"submit\">Log out</button></form>");
        }
        b.append("</header><main><h1>").append(esc(title)).append("</h1>").append(body).append("</main></body></html>");
        return b.toString();
    }

    /**
     * The htmx webjar's version, read from the jar on the classpath (the parent POM pins it), so
     * the pages load what the console serves itself — never from a CDN.
     */
    public static final String HTMX_VERSION = webjarVersion("org.webjars.npm", "htmx.org");

    private static String webjarVersion(String group, String artifact) {
        String path = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (java.io.InputStream in = Html.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the " + artifact + " webjar is not on the classpath (" + path + ")");
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
