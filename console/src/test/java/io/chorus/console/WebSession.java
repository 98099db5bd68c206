package io.chorus.console;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser-less client of the console: cookies kept, forms posted, the CSRF token read from pages. */
public final class WebSession {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private final String base;
    private final HttpClient http;
    private String csrf;

    public WebSession(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @return the login response's status (303 when it worked) */
    public int login(String user, String password) throws Exception {
        String page = get("/login").body();
        Matcher m = CSRF.matcher(page);
        if (!m.find()) {
            throw new AssertionError("the login page has no CSRF field");
        }
        int status = post("/login", m.group(1), Map.of("username", List.of(user), "password", List.of(password))).statusCode();
        if (status == 303) {
            Matcher q = CSRF.matcher(get("/queue").body());
            csrf = q.find() ? q.group(1) : null;
        }
        return status;
    }

    public String csrf() {
        return csrf;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> getBytes(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Posts a form with this CSRF token (null: none). */
    public HttpResponse<String> post(String path, String token, Map<String, List<String>> fields) throws Exception {
        StringBuilder body = new StringBuilder(token == null ? "" : "csrf=" + enc(token));
        fields.forEach((k, vs) -> vs.forEach(v -> body.append(body.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v))));
        return postRaw(path, body.toString());
    }

    public HttpResponse<String> postRaw(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The answer form of a review request. */
    public HttpResponse<String> answer(String requestId, String... species) throws Exception {
        return post("/review/" + requestId, csrf, Map.of("species", List.of(species)));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The refusal's reason code on an error page (data-reason), or null. */
    public static String reason(String page) {
        Matcher m = Pattern.compile("data-reason=\"([^\"]+)\"").matcher(page);
        return m.find() ? m.group(1) : null;
    }

    static String join(List<String> l) {
        return l.stream().collect(Collectors.joining(","));
    }
}
