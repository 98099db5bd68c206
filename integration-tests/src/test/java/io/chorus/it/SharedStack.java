package io.chorus.it;

import io.chorus.embedded.EmbeddedStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One embedded Kafka + Schema Registry for every test class of this JVM, stopped at exit. */
public final class SharedStack {

    private static EmbeddedStack stack;

    private SharedStack() {
    }

    public static synchronized EmbeddedStack get() {
        if (stack == null) {
            try {
                Path dir = Files.createTempDirectory("chorus-it-");
                stack = EmbeddedStack.start(dir, 0, 0);
                Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "shared-stack-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stack;
    }
}
