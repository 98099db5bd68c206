package io.chorus.local.pipeline;

/** A named thread running {@link #loop()} until closed; close waits up to 10 s for it to finish. */
public abstract class BackgroundLoop implements AutoCloseable {

    protected volatile boolean running = true;
    private final Thread thread;

    protected BackgroundLoop(String name) {
        this.thread = new Thread(this::loop, name);
    }

    /** Runs until {@link #running} turns false. */
    protected abstract void loop();

    protected void startThread() {
        thread.start();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
