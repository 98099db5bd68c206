package io.chorus.console.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultFileHoldsOnlyAHashAndItsPasswordLogsIn() throws Exception {
        Path file = dir.resolve("accounts.txt");
        String password = Accounts.createDefault(file);
        assertThat(Files.readString(file)).doesNotContain(password).contains("reviewer reviewer $2");
        Accounts accounts = Accounts.load(file);
        assertThat(accounts.authenticate("reviewer", password)).map(Accounts.Account::role).contains(Role.REVIEWER);
        assertThat(accounts.authenticate("reviewer", password + "x")).isEmpty();
        assertThat(accounts.authenticate("nobody", password)).isEmpty();
        assertThat(accounts.authenticate(null, null)).isEmpty();
    }

    @Test
    void aBadFileIsRefusedNamingTheLine() throws Exception {
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, "# ok\nalice reviewer " + Accounts.hash("x") + "\nbob admin " + Accounts.hash("y") + "\n");
        assertThatThrownBy(() -> Accounts.load(file)).hasMessageContaining("line 3").hasMessageContaining("role 'admin'");
        Files.writeString(file, "alice reviewer secret\n");
        assertThatThrownBy(() -> Accounts.load(file)).hasMessageContaining("not a bcrypt hash");
        Files.writeString(file, "# nobody\n");
        assertThatThrownBy(() -> Accounts.load(file)).hasMessageContaining("lists no accounts");
    }
}
