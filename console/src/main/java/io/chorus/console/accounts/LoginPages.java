package io.chorus.console.accounts;

import io.chorus.console.web.Auth;
import io.chorus.console.web.Html;
import io.chorus.console.web.Refusal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.Base64;

/** Login and logout. The login form is CSRF-protected by a double-submit cookie (there is no session yet). */
public final class LoginPages {

    private final Accounts accounts;
    private final Sessions sessions;
    private final boolean secureCookies;
    private final Runnable onLogin;
    private final SecureRandom random = new SecureRandom();

    public LoginPages(Accounts accounts, Sessions sessions, boolean secureCookies, Runnable onLogin) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.secureCookies = secureCookies;
        this.onLogin = onLogin;
    }

    public void register(RoutesConfig routes) {
        routes.get("/login", this::form);
        routes.post("/login", this::login);
        routes.post("/logout", this::logout);
    }

    private void form(Context ctx) {
        ctx.html(loginPage(ctx, null));
    }

    private String loginPage(Context ctx, String error) {
        // One token per browser until it logs in: a second login page (another tab, a redirect) must not void the first form.
        String token = ctx.cookie(Auth.LOGIN_CSRF_COOKIE);
        if (token == null || token.length() < 32) {
            byte[] b = new byte[24];
            random.nextBytes(b);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            ctx.cookie(Auth.cookie(Auth.LOGIN_CSRF_COOKIE, token, 3600, secureCookies));
        }
        String next = ctx.queryParam("next");
        String body = (error == null ? "" : "<p class=\"error\" id=\"error\">" + Html.esc(error) + "</p>")
                + "<form method=\"post\" action=\"/login\" class=\"login\">"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.esc(token) + "\">"
                + "<input type=\"hidden\" name=\"next\" value=\"" + Html.esc(next == null || !next.startsWith("/") ? "/queue" : next) + "\">"
                + "<label>Account <input name=\"username\" id=\"username\" autocomplete=\"username\" required autofocus></label>"
                + "<label>Password <input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>"
                + "<button type=\"submit\" id=\"login\">Log in</button></form>";
        return Html.page("Log in", null, null, null, body);
    }

    private void login(Context ctx) {
        String cookie = ctx.cookie(Auth.LOGIN_CSRF_COOKIE);
        String token = ctx.formParam("csrf");
        if (cookie == null || token == null || !java.security.MessageDigest.isEqual(cookie.getBytes(), token.getBytes())) {
            throw new Refusal(403, "csrf", "the login form's CSRF token is missing or does not match: reload the login page");
        }
        Accounts.Account account = accounts.authenticate(ctx.formParam("username"), ctx.formParam("password"))
                .orElseThrow(() -> new Refusal(401, "wrong_password", "wrong account name or password"));
        Sessions.Session s = sessions.open(account);
        ctx.cookie(Auth.cookie(Auth.SESSION_COOKIE, s.id(), (int) sessions.ttl().toSeconds(), secureCookies));
        ctx.removeCookie(Auth.LOGIN_CSRF_COOKIE, "/");
        onLogin.run();
        String next = ctx.formParam("next");
        ctx.redirect(next != null && next.startsWith("/") && !next.startsWith("//") ? next : "/queue", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void logout(Context ctx) {
        sessions.close(Auth.session(ctx).id());
        ctx.removeCookie(Auth.SESSION_COOKIE, "/");
        ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
    }
}
