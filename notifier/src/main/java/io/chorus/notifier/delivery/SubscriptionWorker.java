package io.chorus.notifier.delivery;

import io.chorus.audio.species.SpeciesNames;
import io.chorus.notifier.NotifierSettings;
import io.chorus.notifier.channel.Channel;
import io.chorus.notifier.channel.DeliveryException;
import io.chorus.notifier.message.AlertMessage;
import io.chorus.notifier.subscription.Subscription;
import io.chorus.schemas.avro.DeliveryStatus;
import io.chorus.schemas.avro.SpeciesAlert;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one subscription's alerts, in order, on its own thread — so a slow or dead endpoint
 * delays only its own subscription. For each alert: quiet hours and the hourly limit first (held
 * back alerts are recorded, counted and summarised in the next message), then attempts with
 * exponential backoff and jitter through the endpoint's circuit breaker (Resilience4j); a
 * delivery that runs out of attempts, or finds the breaker open, goes to alerts.undeliverable.
 */
public final class SubscriptionWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionWorker.class);

    /** An alert to deliver, and what to call when this subscription is finished with it. */
    private record Task(SpeciesAlert alert, Runnable done) {
    }

    private final Subscription subscription;
    private final NotifierSettings settings;
    private final DeliveryLog log;
    private final NotifierMetrics metrics;
    private final SpeciesNames names;
    private final Clock clock;
    private final Channel channel;
    private final CircuitBreaker breaker;
    private final IntervalFunction backoff;
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** Alerts submitted and not yet finished (queued or in hand). */
    private final java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger();

    private int heldBack;
    private Instant heldSince;
    private Instant hour;
    private int deliveredThisHour;

    public SubscriptionWorker(Subscription subscription, NotifierSettings settings, DeliveryLog log, NotifierMetrics metrics,
                              SpeciesNames names, Clock clock) {
        this.subscription = subscription;
        this.settings = settings;
        this.log = log;
        this.metrics = metrics;
        this.names = names;
        this.clock = clock;
        this.channel = Channel.of(subscription.channel());
        // Opens when half of the last 10 attempts failed (after at least 5): a dead endpoint is not hammered.
        this.breaker = CircuitBreaker.of(subscription.channel().endpoint(), CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(10).minimumNumberOfCalls(5)
                .failureRateThreshold(50).waitDurationInOpenState(settings.retries().breakerOpen()).permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false).build());
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.retries().initialBackoff().toMillis(), 2.0, 0.5,
                settings.retries().maxBackoff().toMillis());
        metrics.breaker.labelValues(subscription.id()).set(0);
        breaker.getEventPublisher().onStateTransition(e -> metrics.breaker.labelValues(subscription.id()).set(switch (e.getStateTransition().getToState()) {
            case OPEN, FORCED_OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 0;
        }));
        this.thread = new Thread(this::run, "chorus-notifier-" + subscription.id());
        thread.setDaemon(true);
        thread.start();
    }

    public Subscription subscription() {
        return subscription;
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** Queues an alert; {@code done} runs once it is delivered, held back or dead-lettered. */
    public void submit(SpeciesAlert alert, Runnable done) {
        outstanding.incrementAndGet();
        queue.add(new Task(alert, done));
    }

    public int queued() {
        return queue.size();
    }

    private void run() {
        while (running) {
            Task t;
            try {
                t = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (t == null) {
                continue;
            }
            try {
                handle(t.alert());
                t.done().run();
            } catch (RuntimeException e) {
                if (running) {
                    // The audit write failed: the alert stays uncommitted and is delivered again after a restart.
                    LOG.error("subscription {}: alert {} not finished: {}", subscription.id(), t.alert().getAlertId(), e.toString());
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                outstanding.decrementAndGet();
            }
        }
    }

    /** Nothing queued and nothing in hand: a retired worker may be closed without losing an alert. */
    public boolean idle() {
        return outstanding.get() == 0;
    }

    private void handle(SpeciesAlert a) throws InterruptedException {
        AlertMessage message;
        synchronized (this) {
            message = gate(a);
        }
        if (message != null) {
            attempt(a, message);
        }
    }

    /** Quiet hours and the hourly limit: the message to send, or null when the alert is held back. */
    private AlertMessage gate(SpeciesAlert a) {
        Instant now = clock.instant();
        Subscription.Filter f = subscription.filter();
        if (f.quietHours() != null && f.quietHours().covers(now)) {
            holdBack(a, now, DeliveryStatus.SUPPRESSED_QUIET_HOURS, "quiet hours " + f.quietHours().from() + "–" + f.quietHours().to()
                    + " " + f.quietHours().zone());
            return null;
        }
        Instant thisHour = now.truncatedTo(ChronoUnit.HOURS);
        if (!thisHour.equals(hour)) {
            hour = thisHour;
            deliveredThisHour = 0;
        }
        if (f.maxPerHour() > 0 && deliveredThisHour >= f.maxPerHour()) {
            holdBack(a, now, DeliveryStatus.SUPPRESSED_RATE_LIMIT, "at most " + f.maxPerHour() + " per hour");
            return null;
        }
        return AlertMessage.of(a, names, settings.consoleUrl(), heldBack, heldSince);
    }

    private void attempt(SpeciesAlert a, AlertMessage message) throws InterruptedException {
        String last = null;
        int made = 0;
        for (int attempt = 1; attempt <= settings.retries().maxAttempts(); attempt++) {
            if (!breaker.tryAcquirePermission()) {
                log.record(a, subscription, attempt - 1, DeliveryStatus.UNDELIVERABLE, "circuit breaker open for " + subscription.channel().endpoint()
                        + (last == null ? "" : "; last failure: " + last), null);
                return;
            }
            made = attempt;
            Instant start = clock.instant();
            long t0 = System.nanoTime();
            try {
                String answer = channel.deliver(message);
                breaker.onSuccess(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                log.record(a, subscription, attempt, DeliveryStatus.DELIVERED, answer, start);
                synchronized (this) {
                    deliveredThisHour++;
                    heldBack -= message.heldBack(); // what was reported is no longer held back
                    heldSince = heldBack == 0 ? null : heldSince;
                }
                return;
            } catch (DeliveryException e) {
                breaker.onError(System.nanoTime() - t0, TimeUnit.NANOSECONDS, e);
                last = e.getMessage();
                log.record(a, subscription, attempt, DeliveryStatus.FAILED, last, start);
                if (!e.retryable()) {
                    break;
                }
                if (attempt < settings.retries().maxAttempts()) {
                    metrics.outcome(subscription.id(), subscription.channel().kind(), "retried");
                    Thread.sleep(backoff.apply(attempt));
                }
            }
        }
        log.record(a, subscription, made, DeliveryStatus.UNDELIVERABLE, last, null);
    }

    private void holdBack(SpeciesAlert a, Instant now, DeliveryStatus status, String why) {
        if (heldBack == 0) {
            heldSince = now;
        }
        heldBack++;
        log.record(a, subscription, 0, status, why, null);
    }

    /**
     * Takes over what a previous worker of the same subscription held back, so a changed
     * subscription (a reload) still reports the alerts it did not deliver.
     */
    public synchronized void inherit(SubscriptionWorker previous) {
        synchronized (previous) {
            heldBack = previous.heldBack;
            heldSince = previous.heldSince;
            hour = previous.hour;
            deliveredThisHour = previous.deliveredThisHour;
        }
    }

    /** Stops at once: queued alerts stay uncommitted and are delivered again after a restart. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close();
    }
}
