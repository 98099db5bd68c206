package io.chorus.console.cli;

import io.chorus.console.ConsoleService;
import io.chorus.console.ConsoleSettings;
import io.chorus.console.accounts.Accounts;
import io.chorus.schemas.cli.DurationConverter;
import io.chorus.schemas.cli.UntilStopped;
import io.chorus.schemas.kafka.KafkaConnectionOptions;
import io.chorus.schemas.ops.AdminToken;
import io.chorus.schemas.ops.BindOptions;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Console;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chorus-console}: the web console against any Chorus cluster. */
@Command(name = "chorus-console", mixinStandardHelpOptions = true, version = "Chorus 0.1.0", sortOptions = false,
        subcommands = ConsoleCommand.HashPassword.class,
        description = {"Serves the review queue and review page, alerts, site activity, recorder health, model releases and "
                + "detection exports (Raven, CSV, Audacity). Its state is materialised from the topics by Kafka Streams; "
                + "answers go to the annotations topic. /metrics on the same port."})
public final class ConsoleCommand implements Callable<Integer> {

    private static final ConsoleSettings D = ConsoleSettings.defaults();

    @Mixin
    KafkaConnectionOptions connection;
    @Mixin
    BindOptions bind;
    @Option(names = "--port", defaultValue = "${env:CHORUS_CONSOLE_PORT:-8086}", description = "HTTP port (env CHORUS_CONSOLE_PORT). Default: ${DEFAULT-VALUE}")
    int port;
    @Option(names = "--accounts-file", defaultValue = "${env:CHORUS_CONSOLE_ACCOUNTS:-chorus-console-accounts.txt}",
            description = "Accounts: 'name role bcrypt-hash' per line (env CHORUS_CONSOLE_ACCOUNTS). Default: ${DEFAULT-VALUE}")
    Path accountsFile;
    @Option(names = "--create-accounts", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Create the accounts file with a 'reviewer' account and print its password once when it is missing. Default: ${DEFAULT-VALUE}")
    boolean createAccounts;
    @Option(names = "--application-id", description = "Kafka Streams application id. Default: ${DEFAULT-VALUE}")
    String applicationId = D.streams().applicationId();
    @Option(names = "--state-dir", description = "Kafka Streams state directory. Default: ${DEFAULT-VALUE}")
    Path stateDir = D.streams().stateDir();
    @Option(names = "--claim-time", converter = DurationConverter.class, description = "How long opening a request keeps it from other reviewers. Default: 5m")
    Duration claimTtl = D.claimTtl();
    @Option(names = "--session-time", converter = DurationConverter.class, description = "Idle time after which a login ends. Default: 12h")
    Duration sessionTtl = D.accounts().sessionTtl();
    @Option(names = "--export-max-range", converter = DurationConverter.class, description = "Longest time range of one export. Default: 7d")
    Duration exportMaxRange = D.exportMaxRange();
    @Option(names = "--secure-cookies", defaultValue = "${env:CHORUS_SECURE_COOKIES:-false}",
            description = "Mark session cookies Secure: set when users reach the console over HTTPS (env CHORUS_SECURE_COOKIES). Default: ${DEFAULT-VALUE}")
    boolean secureCookies;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConsoleCommand()).setUsageHelpAutoWidth(true).execute(args));
    }

    ConsoleSettings settings() {
        return new ConsoleSettings(new ConsoleSettings.Http(bind.bind(), port, secureCookies),
                new ConsoleSettings.Accounts(accountsFile, createAccounts, sessionTtl),
                new ConsoleSettings.Streams(applicationId, stateDir, D.streams().commitInterval()), claimTtl, exportMaxRange);
    }

    @Override
    public Integer call() throws Exception {
        bind.warnIfExposed("chorus-console", AdminToken.none());
        ConsoleService console = ConsoleService.start(settings(), connection.settings(), PrometheusRegistry.defaultRegistry);
        console.createdPassword().ifPresent(p -> System.out.println("created " + accountsFile + " with account 'reviewer', password: " + p
                + " (shown once; change it with chorus-console hash-password)"));
        System.out.println("console at http://" + bind.bind() + ":" + console.port() + "/ (/metrics)");
        UntilStopped.await(console, "chorus-console");
        return 0;
    }

    /** Prints a bcrypt hash for an accounts-file line. */
    @Command(name = "hash-password", mixinStandardHelpOptions = true,
            description = "Reads a password (from the terminal, or one line of standard input) and prints its bcrypt hash for the accounts file.")
    static final class HashPassword implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Console c = System.console();
            String password = c != null ? new String(c.readPassword("password: "))
                    : new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
            if (password == null || password.isEmpty()) {
                System.err.println("no password given");
                return 2;
            }
            System.out.println(Accounts.hash(password));
            return 0;
        }
    }
}
