package io.chorus.stream.inference;

import ai.djl.Device;
import io.chorus.model.artifact.ModelArtifact;
import io.chorus.model.device.DeviceChoice;
import io.chorus.model.features.FeatureConfig;
import io.chorus.model.features.Resampler;
import io.chorus.model.inference.WindowClassifier;
import io.chorus.model.release.ReleaseReasons;
import io.chorus.model.release.ReleaseRejectedException;
import io.chorus.stream.models.ServingRelease;
import io.chorus.stream.windows.AudioWindow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per job per task manager: batches windows from every parallel instance in the JVM and
 * classifies them on worker threads, each with its own predictor (GPU when present). The queue
 * is bounded: when it is full, {@link #submit} blocks and Flink's backpressure does the rest.
 * A new model is loaded by {@link #install} on the caller's thread (never a worker's) and swapped
 * in atomically: each batch runs start to finish on the model it started with.
 */
public final class InferenceService {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceService.class);
    private final InferenceSettings settings;
    private final Decisions decisions;
    private final Device device;
    private final int workerCount;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicReferenceArray<Loaded> inUse;
    private volatile Loaded current;
    private final java.util.concurrent.atomic.AtomicLong framesComputed = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong framesTotal = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running = true;

    /** A model ready to serve: the release and one predictor per worker. */
    private record Loaded(ServingRelease release, FeatureConfig features, float[] thresholds, boolean[] flagged,
                          WindowClassifier[] perWorker) {
        void close() {
            for (WindowClassifier c : perWorker) {
                c.close();
            }
        }
    }

    private record Pending(AudioWindow window, long enqueuedNanos, CompletableFuture<ScoredWindow> result) {
    }

    private final RecentWindows recent = new RecentWindows();

    /** One per job and JVM: get it from {@link ServingModels}. */
    InferenceService(InferenceSettings settings, Decisions decisions) {
        this.settings = settings;
        this.decisions = decisions;
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(settings.intraOpThreads()));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        this.device = DeviceChoice.parse(settings.device()).resolve();
        this.workerCount = settings.workers() > 0 ? settings.workers()
                : device.isGpu() ? 1 : Runtime.getRuntime().availableProcessors();
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity(workerCount));
        this.inUse = new AtomicReferenceArray<>(workerCount);
        LOG.info("inference on {} with {} worker(s), batches of up to {} windows or {} ms, PyTorch intra-op threads {}",
                device, workerCount, settings.maxBatch(), settings.maxWaitMillis(),
                System.getProperty("ai.djl.pytorch.num_threads"));
        for (int i = 0; i < workerCount; i++) {
            int index = i;
            Thread t = new Thread(() -> work(index), "chorus-inference-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
    }

    /** The release now serving, or null before the first. */
    public ServingRelease serving() {
        Loaded l = current;
        return l == null ? null : l.release;
    }

    /**
     * Loads a checked release and makes it the serving model, unless this JVM already serves it or
     * a newer one (a sibling instance got there first): then nothing happens.
     *
     * @return true when this call swapped the model in
     * @throws ReleaseRejectedException when the parameters do not load into the architecture or
     *                                  the head does not match the labels; the previous model keeps serving
     */
    public synchronized boolean install(ServingRelease release) throws ReleaseRejectedException {
        Loaded previous = current;
        if (previous != null && previous.release.modelName.equals(release.modelName)
                && previous.release.version >= release.version) {
            return false;
        }
        long started = System.nanoTime();
        ModelArtifact artifact;
        try {
            artifact = ModelArtifact.fromBytes(release.artifact);
        } catch (IOException e) {
            throw new ReleaseRejectedException(ReleaseReasons.INCOMPLETE_ARTIFACT, release.id() + ": " + e.getMessage(), e);
        }
        WindowClassifier[] perWorker = new WindowClassifier[workerCount];
        try {
            for (int i = 0; i < workerCount; i++) {
                perWorker[i] = new WindowClassifier(artifact, device);
            }
            // The head must give one score per label: one probe forward pass proves it.
            int outputs = perWorker[0].scores(List.of(new float[artifact.manifest().features().windowSamples()]))[0].length;
            if (outputs != release.labels.length) {
                throw new ReleaseRejectedException(ReleaseReasons.HEAD_MISMATCH, release.id() + ": network gives " + outputs
                        + " scores for " + release.labels.length + " labels");
            }
            warmUp(perWorker[0], artifact.manifest().features());
        } catch (RuntimeException | ReleaseRejectedException e) {
            for (WindowClassifier c : perWorker) {
                if (c != null) {
                    c.close();
                }
            }
            if (e instanceof ReleaseRejectedException r) {
                throw r;
            }
            throw new ReleaseRejectedException(ReleaseReasons.HEAD_MISMATCH, release.id() + ": parameters do not load: " + e.getMessage(), e);
        }
        current = new Loaded(release, artifact.manifest().features(), decisions.thresholds(release),
                decisions.flagged(release), perWorker);
        LOG.info("model {} serving on {} (loaded in {} ms{})", release, device,
                (System.nanoTime() - started) / 1_000_000, previous == null ? "" : ", replacing " + previous.release.id());
        if (previous != null) {
            retire(previous);
        }
        return true;
    }

    /**
     * One pass per batch size, whole windows and windows reusing earlier frames, here rather than on
     * the first real batches: the engine prepares its kernels per input shape and the JIT compiles
     * the resampler and frame code on first use; without this the first minutes after a start or a
     * swap run several times slower, and a fleet at full load builds a backlog meanwhile.
     */
    private void warmUp(WindowClassifier classifier, FeatureConfig features) {
        int rate = features.sampleRateHz();
        java.util.Random rng = new java.util.Random(1);
        float[] stream = new float[(int) Math.round((features.windowSeconds() + 2) * rate)];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = (float) (0.01 * rng.nextGaussian());
        }
        int n = features.windowSamples();
        float[][] windows = new float[3][];
        for (int k = 0; k < 3; k++) {
            windows[k] = java.util.Arrays.copyOfRange(stream, k * rate, k * rate + n);
        }
        for (int recorderRate : new int[] {22_050, 44_100, 48_000}) {
            Resampler.between(recorderRate, rate).apply(java.util.Arrays.copyOf(stream, recorderRate));
        }
        WindowClassifier.WindowFrames back2 = classifier.scoresReusing(List.of(new WindowClassifier.Request(windows[0], List.of())))
                .frames()[0];
        WindowClassifier.WindowFrames back1 = classifier.scoresReusing(List.of(new WindowClassifier.Request(windows[1],
                List.of(new WindowClassifier.Earlier(back2, rate))))).frames()[0];
        List<float[]> whole = new ArrayList<>();
        List<WindowClassifier.Request> reusing = new ArrayList<>();
        for (int size = 1; size <= settings.maxBatch(); size++) {
            whole.add(windows[2]);
            reusing.add(new WindowClassifier.Request(windows[2],
                    List.of(new WindowClassifier.Earlier(back1, rate), new WindowClassifier.Earlier(back2, 2 * rate))));
            classifier.scores(whole);
            classifier.scoresReusing(reusing);
        }
    }

    /** Closes a replaced model once no worker is still running a batch on it. */
    private void retire(Loaded old) {
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && inUse(old)) {
                sleep(5);
            }
            old.close();
        }, "chorus-model-retire");
        t.setDaemon(true);
        t.start();
    }

    private boolean inUse(Loaded model) {
        for (int i = 0; i < inUse.length(); i++) {
            if (inUse.get(i) == model) {
                return true;
            }
        }
        return false;
    }

    /** Queues a window; blocks while the queue is full (backpressure). */
    public CompletableFuture<ScoredWindow> submit(AudioWindow window) throws InterruptedException {
        CompletableFuture<ScoredWindow> result = new CompletableFuture<>();
        queue.put(new Pending(window, System.nanoTime(), result));
        return result;
    }

    private void work(int index) {
        List<Pending> batch = new ArrayList<>(settings.maxBatch());
        RecentWindows.Slot[] slots = new RecentWindows.Slot[settings.maxBatch()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new RecentWindows.Slot();
        }
        while (running) {
            try {
                if (current == null) {
                    // A restored job re-submits its in-flight windows before the model is installed:
                    // hold them (the operator's inference timeout still bounds the wait).
                    Thread.sleep(20);
                    continue;
                }
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = first.enqueuedNanos + TimeUnit.MILLISECONDS.toNanos(settings.maxWaitMillis());
                queue.drainTo(batch, settings.maxBatch() - batch.size());
                while (batch.size() < settings.maxBatch()) {
                    long left = deadline - System.nanoTime();
                    Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    queue.drainTo(batch, settings.maxBatch() - batch.size());
                }
                score(index, batch, slots);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void score(int worker, List<Pending> batch, RecentWindows.Slot[] slots) {
        Loaded model = current;
        inUse.set(worker, model);
        try {
            if (model == null) {
                fail(batch, new IllegalStateException("no model is serving"));
                return;
            }
            long started = System.nanoTime();
            List<RecentWindows.Prepared> prepared = new ArrayList<>(batch.size());
            List<WindowClassifier.Request> requests = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                RecentWindows.Prepared ready = recent.prepare(batch.get(i).window, model.features, slots[i]);
                prepared.add(ready);
                requests.add(ready.request());
            }
            WindowClassifier.Scored scored = model.perWorker[worker].scoresReusing(requests);
            for (int i = 0; i < batch.size(); i++) {
                recent.remember(batch.get(i).window, model.features, prepared.get(i).output(), scored.frames()[i].decibels());
            }
            framesComputed.addAndGet(scored.framesComputed());
            framesTotal.addAndGet(scored.framesTotal());
            float[][] scores = scored.scores();
            long took = System.nanoTime() - started;
            long now = System.currentTimeMillis();
            for (int i = 0; i < batch.size(); i++) {
                ScoredWindow s = new ScoredWindow();
                s.window = batch.get(i).window;
                s.scores = scores[i];
                s.labels = model.release.labels;
                s.thresholds = model.thresholds;
                s.flagged = model.flagged;
                s.modelName = model.release.modelName;
                s.modelVersion = model.release.version;
                s.device = device.toString();
                s.batchSize = batch.size();
                s.inferenceNanos = took;
                s.processedAtMillis = now;
                batch.get(i).result.complete(s);
            }
        } catch (RuntimeException e) {
            LOG.warn("a batch of {} windows failed: {}", batch.size(), e.toString());
            fail(batch, e);
        } finally {
            inUse.set(worker, null);
        }
    }

    /** Share of log-mel frames computed rather than reused since start (1.0 when nothing overlaps). */
    public double framesComputedShare() {
        long total = framesTotal.get();
        return total == 0 ? 1.0 : framesComputed.get() / (double) total;
    }

    private static void fail(List<Pending> batch, Exception e) {
        for (Pending p : batch) {
            p.result.completeExceptionally(e);
        }
    }

    void shutdown() {
        running = false;
        for (Thread t : workers) {
            t.interrupt();
        }
        for (Thread t : workers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            p.result.completeExceptionally(new IllegalStateException("inference service shut down"));
        }
        Loaded l = current;
        current = null;
        if (l != null) {
            l.close();
        }
        LOG.info("inference service on {} stopped", device);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
