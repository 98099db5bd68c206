package io.chorus.schemas.cli;

import java.util.concurrent.CountDownLatch;

/** How a long-running Chorus command waits: until the JVM is asked to stop, then closes its service. */
public final class UntilStopped {

    private UntilStopped() {
    }

    /** Blocks until shutdown (Ctrl-C, SIGTERM); the service is closed on the shutdown thread first. */
    public static void await(AutoCloseable service, String name) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println(name + ": while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, name + "-shutdown"));
        stopped.await();
    }
}
