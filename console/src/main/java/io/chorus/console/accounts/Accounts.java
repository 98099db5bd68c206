package io.chorus.console.accounts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The console's named accounts, from a text file: one account per line, {@code name role hash}
 * (role {@code reviewer} or {@code viewer}, hash a bcrypt hash as {@code chorus-console
 * hash-password} prints), {@code #} starts a comment. Passwords are never stored in clear.
 */
public final class Accounts {

    /** One account. */
    public record Account(String name, Role role, String passwordHash) {
    }

    public static final String DEFAULT_REVIEWER = "reviewer";
    private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(10);
    /** Checked against when the name is unknown, so a wrong name costs as long as a wrong password. */
    private static final String DUMMY_HASH = BCRYPT.encode("no such account");

    private final Map<String, Account> accounts;

    private Accounts(Map<String, Account> accounts) {
        this.accounts = Map.copyOf(accounts);
    }

    public static Accounts of(List<Account> list) {
        Map<String, Account> m = new LinkedHashMap<>();
        for (Account a : list) {
            if (m.put(a.name(), a) != null) {
                throw new IllegalArgumentException("account " + a.name() + " is listed twice");
            }
        }
        return new Accounts(m);
    }

    /**
     * @throws IllegalArgumentException naming the file, the line and what is wrong with it
     */
    public static Accounts load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, Account> m = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = file + " line " + (i + 1);
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + ": expected 'name role bcrypt-hash', got " + parts.length + " fields");
            }
            Role role;
            try {
                role = Role.valueOf(parts[1].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": role '" + parts[1] + "' is neither reviewer nor viewer");
            }
            if (!parts[2].matches("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                throw new IllegalArgumentException(where + ": the password of " + parts[0]
                        + " is not a bcrypt hash (make one with: chorus-console hash-password)");
            }
            if (m.put(parts[0], new Account(parts[0], role, parts[2])) != null) {
                throw new IllegalArgumentException(where + ": account " + parts[0] + " is listed twice");
            }
        }
        if (m.isEmpty()) {
            throw new IllegalArgumentException(file + " lists no accounts");
        }
        return new Accounts(m);
    }

    /**
     * Writes a file with one reviewer account and a fresh random password (readable by the owner only).
     *
     * @return the password, to be shown once
     */
    public static String createDefault(Path file) throws IOException {
        String password = randomPassword();
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        String text = "# Chorus console accounts: name role bcrypt-hash (chorus-console hash-password makes hashes)\n"
                + DEFAULT_REVIEWER + " reviewer " + hash(password) + "\n";
        Files.writeString(file, text, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing more to do
        }
        return password;
    }

    public static String hash(String password) {
        return BCRYPT.encode(password);
    }

    static String randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** The account when the name and password match, else empty. */
    public Optional<Account> authenticate(String name, String password) {
        Account a = name == null ? null : accounts.get(name);
        if (password == null) {
            return Optional.empty();
        }
        boolean ok = BCRYPT.matches(password, a == null ? DUMMY_HASH : a.passwordHash());
        return ok && a != null ? Optional.of(a) : Optional.empty();
    }

    public int size() {
        return accounts.size();
    }
}
