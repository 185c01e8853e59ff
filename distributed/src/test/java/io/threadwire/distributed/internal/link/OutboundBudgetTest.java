package io.threadwire.distributed.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.testkit.Timeouts;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound budget: senders take bytes while there is room, wait while there is none, and give
 * up once their timeout has passed.
 */
class OutboundBudgetTest {
    private static final long PATIENCE_NANOS = Timeouts.LONG.toNanos();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(PATIENCE_NANOS, TimeUnit.NANOSECONDS)).isTrue();
    }

    /** How long an acquire may wait: long enough never to run out in a test that passes. */
    private static long patience() {
        return PATIENCE_NANOS;
    }

    /** Within the limit, acquiring does not wait; the bytes are counted until released. */
    @Test
    void withinTheLimitNothingWaits() throws InterruptedException {
        OutboundBudget b = new OutboundBudget(100);
        assertThat(b.acquire(60, 100, patience(), () -> true)).isTrue();
        assertThat(b.acquire(40, 100, patience(), () -> true)).isTrue();
        assertThat(b.used()).isEqualTo(100);
        b.release(100);
        assertThat(b.used()).isZero();
    }

    /** A sender over the limit waits until the writer releases enough. */
    @Test
    void aSenderOverTheLimitWaitsForARelease() throws Exception {
        OutboundBudget b = new OutboundBudget(100);
        b.acquire(90, 100, patience(), () -> true);
        Future<Boolean> waiting = threads.submit(() -> b.acquire(20, 100, patience(), () -> true));
        awaitWaiting(waiting);
        b.release(90);
        assertThat(waiting.get(PATIENCE_NANOS, TimeUnit.NANOSECONDS)).isTrue();
        assertThat(b.used()).isEqualTo(20);
    }

    /** A sender gives up when its timeout has passed, or when the channel closes, and takes nothing. */
    @Test
    void aSenderGivesUpAtTheDeadlineOrTheClose() throws Exception {
        OutboundBudget b = new OutboundBudget(100);
        b.acquire(100, 100, patience(), () -> true);
        assertThat(b.acquire(1, 100, TimeUnit.MILLISECONDS.toNanos(20), () -> true)).isFalse();
        AtomicBoolean open = new AtomicBoolean(true);
        Future<Boolean> waiting = threads.submit(() -> b.acquire(1, 100, patience(), open::get));
        awaitWaiting(waiting);
        open.set(false);
        assertThat(waiting.get(PATIENCE_NANOS, TimeUnit.NANOSECONDS)).isFalse();
        assertThat(b.used()).isEqualTo(100);
    }

    /** An item bigger than the threshold still goes when nothing else is queued, alone. */
    @Test
    void anItemBiggerThanTheThresholdGoesAlone() throws InterruptedException {
        OutboundBudget b = new OutboundBudget(100);
        assertThat(b.acquire(500, 100, patience(), () -> true)).isTrue();
        assertThat(b.acquire(1, 100, 0, () -> true)).isFalse();
    }

    /** Control items are counted but never wait, even over the limit. */
    @Test
    void forcedBytesNeverWait() {
        OutboundBudget b = new OutboundBudget(100);
        b.force(1000);
        assertThat(b.used()).isEqualTo(1000);
    }

    /** Waits until the task's thread waits (the budget parks it), so a release surely finds it waiting. */
    private void awaitWaiting(Future<?> task) {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (!task.isDone() && Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getState() == Thread.State.TIMED_WAITING && isInAcquire(t))) {
            assertThat(System.nanoTime() - deadline).as("the sender never waited").isNegative();
            Thread.onSpinWait();
        }
        assertThat(task.isDone()).as("the sender did not wait").isFalse();
    }

    private static boolean isInAcquire(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(OutboundBudget.class.getName()) && e.getMethodName().equals("acquire")) {
                return true;
            }
        }
        return false;
    }
}
