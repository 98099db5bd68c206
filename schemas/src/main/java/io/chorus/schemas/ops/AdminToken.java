package io.chorus.schemas.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The bearer token that action endpoints ({@code POST /retrain}, …) ask for. Read from a file
 * ({@code --admin-token-file}); compared in constant time; never printed ({@link #toString()}
 * says only whether one is set). Without a token, actions answer loopback callers only.
 */
public final class AdminToken {

    /** Shorter tokens are refused: guessable. */
    public static final int MIN_LENGTH = 16;
    private static final AdminToken NONE = new AdminToken(null);

    private final byte[] token;

    private AdminToken(byte[] token) {
        this.token = token;
    }

    public static AdminToken none() {
        return NONE;
    }

    /**
     * @param file a file holding the token (surrounding whitespace ignored), or null for none
     * @throws IllegalArgumentException naming the file when it cannot be read or the token is too short
     */
    public static AdminToken fromFile(Path file) {
        if (file == null) {
            return NONE;
        }
        String t;
        try {
            t = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("admin token file " + file + " cannot be read: " + e.getMessage(), e);
        }
        return of(t, "admin token file " + file);
    }

    /** @param where names the source in errors (the token itself is never shown) */
    public static AdminToken of(String token, String where) {
        if (token == null || token.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException(where + " holds " + (token == null ? 0 : token.strip().length())
                    + " characters; an admin token needs at least " + MIN_LENGTH + " (e.g. openssl rand -hex 32)");
        }
        return new AdminToken(token.strip().getBytes(StandardCharsets.UTF_8));
    }

    public boolean configured() {
        return token != null;
    }

    /** Whether an Authorization header carries this token ("Bearer <token>"), in constant time for a given length. */
    public boolean accepts(String authorization) {
        if (token == null || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    /** The Authorization header a client sends, when a token is set. */
    public Optional<String> authorization() {
        return token == null ? Optional.empty() : Optional.of("Bearer " + new String(token, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return token == null ? "no admin token" : "an admin token (not shown)";
    }
}
