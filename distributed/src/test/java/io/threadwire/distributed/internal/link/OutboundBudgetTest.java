package io.threadwire.distributed.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.testkit.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

    /**
     * What a queue holds past its limit is charged to the node, exactly: nothing within the
     * limit, the part past it when a forced item passes it, given back as the writer releases,
     * and all of it when the channel closes, after which nothing is charged again.
     */
    @Test
    void whatAQueueHoldsPastItsLimitIsChargedToTheNode() throws InterruptedException {
        PeerStateMemory node = new PeerStateMemory(1_000);
        OutboundBudget b = new OutboundBudget(100, node);
        assertThat(b.acquire(80, 100, patience(), () -> true)).isTrue();
        b.force(15);
        assertThat(node.used()).as("within the limit").isZero();
        b.force(55);
        assertThat(node.used()).as("150 queued against a limit of 100").isEqualTo(50);
        assertThat(b.tryForce(30)).isTrue();
        assertThat(node.used()).isEqualTo(80);
        b.release(60);
        assertThat(node.used()).as("120 queued").isEqualTo(20);
        b.release(40);
        assertThat(node.used()).as("80 queued").isZero();
        b.force(170);
        assertThat(node.used()).isEqualTo(150);
        b.close();
        assertThat(node.used()).as("closed: nothing is the node's").isZero();
        assertThat(b.used()).as("what it left unwritten").isEqualTo(250);
        b.force(500);
        b.release(100);
        b.close();
        assertThat(node.used()).as("after the close").isZero();
        assertThat(b.used()).isEqualTo(650);
    }

    /** A forced item whose part past the limit does not fit in the node's room is refused, and takes nothing. */
    @Test
    void aForcedItemPastTheNodesRoomIsRefused() {
        PeerStateMemory node = new PeerStateMemory(100);
        OutboundBudget first = new OutboundBudget(100, node);
        OutboundBudget second = new OutboundBudget(100, node);
        assertThat(first.tryForce(170)).isTrue();
        assertThat(second.tryForce(130)).as("30 past its limit, 100 in all").isTrue();
        assertThat(second.tryForce(50)).as("another 50 past it: 150 in all").isFalse();
        assertThat(second.used()).isEqualTo(130);
        assertThat(second.tryForce(1)).isFalse();
        first.release(70);
        assertThat(second.tryForce(50)).isTrue();
        assertThat(node.used()).isEqualTo(80);
    }

    /**
     * Many queues sharing one node's count, each changed by several threads at once (forced
     * items, bounded ones, senders' items, releases, and a close in the middle): once every
     * queue is emptied or closed, the node's count is back at zero. A count that drifted by one
     * racing pair would be left off by it.
     */
    @Test
    void theNodesCountIsExactUnderConcurrentChanges() throws Exception {
        int queues = 4;
        int perThread = 20_000;
        PeerStateMemory node = new PeerStateMemory(5_000);
        OutboundBudget[] budgets = new OutboundBudget[queues];
        for (int i = 0; i < queues; i++) {
            budgets[i] = new OutboundBudget(1_000, node);
        }
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < queues; i++) {
            OutboundBudget b = budgets[i];
            for (int t = 0; t < 2; t++) {
                int seed = i * 2 + t;
                work.add(threads.submit(() -> {
                    Random random = new Random(seed);
                    for (int k = 0; k < perThread; k++) {
                        int n = 1 + random.nextInt(300);
                        boolean taken = switch (random.nextInt(3)) {
                            case 0 -> b.tryForce(n);
                            case 1 -> b.acquire(n, 1_000, 0, () -> true);
                            default -> {
                                b.force(n); // forced past the node's room too, as an answer's wait does
                                yield true;
                            }
                        };
                        if (taken) {
                            b.release(n);
                        }
                        if (seed == 0 && k == perThread / 2) {
                            b.close();
                        }
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : work) {
            f.get(PATIENCE_NANOS, TimeUnit.NANOSECONDS);
        }
        for (OutboundBudget b : budgets) {
            assertThat(b.used()).isZero();
        }
        assertThat(node.used()).as("the node's count once every queue is empty or closed").isZero();
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
