package io.chorus.console.web;

import io.chorus.console.accounts.Role;
import io.chorus.console.accounts.Sessions;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

/** The session of a request, and the cookies that carry it. */
public final class Auth {

    public static final String SESSION_COOKIE = "chorus_session";
    public static final String LOGIN_CSRF_COOKIE = "chorus_login_csrf";
    static final String SESSION_ATTRIBUTE = "chorus.session";

    private Auth() {
    }

    /** The logged-in session (the before-handler has checked it exists on every page but the login page). */
    public static Sessions.Session session(Context ctx) {
        Sessions.Session s = ctx.attribute(SESSION_ATTRIBUTE);
        if (s == null) {
            throw new Refusal(401, "not_logged_in", "log in first");
        }
        return s;
    }

    public static void requireReviewer(Context ctx) {
        Sessions.Session s = session(ctx);
        if (s.role() != Role.REVIEWER) {
            throw new Refusal(403, "forbidden", "account " + s.account() + " is a viewer: only reviewers answer review requests");
        }
    }

    /** HttpOnly, SameSite=Strict, Secure when the console is served over HTTPS (--secure-cookies). */
    public static Cookie cookie(String name, String value, int maxAgeSeconds, boolean secure) {
        Cookie c = new Cookie(name, value, "/", maxAgeSeconds, secure, true, null, SameSite.STRICT);
        c.setHttpOnly(true);
        c.setSecure(secure);
        c.setSameSite(SameSite.STRICT);
        return c;
    }

    /** A page with the session's user and CSRF token in its frame. */
    public static String page(Context ctx, String title, String body) {
        Sessions.Session s = session(ctx);
        return Html.page(title, s.account(), s.role().name().toLowerCase(java.util.Locale.ROOT), s.csrfToken(), body);
    }

    /** The hidden field every form carries. */
    public static String csrfField(Context ctx) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.esc(session(ctx).csrfToken()) + "\">";
    }
}
