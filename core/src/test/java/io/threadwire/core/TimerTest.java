package io.threadwire.core;

import static io.threadwire.core.Messaging.droppedMessageCount;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.sendAfter;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Scenario.Runner;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** sendAfter: a message sent once its delay has passed, unless the timer is cancelled first. */
class TimerTest {

    /** A delay long enough that no timer set with it fires during a test. */
    private static final Duration NEVER_IN_A_TEST = Duration.ofHours(1);

    /** The message arrives, and not before its delay has passed. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void messageArrivesAfterTheDelay(Runner runner) {
        Scenario.run(runner, s -> {
            Duration delay = Duration.ofMillis(50);
            long start = System.nanoTime();
            TimerRef timer = sendAfter(delay, "tick", self());
            assertThat(timer.target()).isSameAs(self());
            assertThat(receive(LONG)).isEqualTo("tick");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(delay);
        });
    }

    /** Timers fire in the order of their deadlines, and timers with equal delays in the order they were set. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void timersFireInDeadlineOrder(Runner runner) {
        Scenario.run(runner, s -> {
            sendAfter(Duration.ofMillis(300), "third", self());
            sendAfter(Duration.ofMillis(200), "second", self());
            sendAfter(Duration.ofMillis(100), "first", self());
            int equal = 10_000;
            for (int i = 0; i < equal; i++) {
                sendAfter(Duration.ofMillis(50), i, self());
            }
            for (int i = 0; i < equal; i++) {
                assertThat(receive(Integer.class, LONG)).isEqualTo(i);
            }
            assertThat(receive(String.class, LONG)).isEqualTo("first");
            assertThat(receive(String.class, LONG)).isEqualTo("second");
            assertThat(receive(String.class, LONG)).isEqualTo("third");
        });
    }

    /** cancel() before the timer fires returns true, and the message never arrives; cancelling again returns false. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void cancelBeforeFiringStopsTheMessage(Runner runner) {
        Scenario.run(runner, s -> {
            Duration delay = Duration.ofMillis(100);
            TimerRef cancelled = sendAfter(delay, "cancelled", self());
            sendAfter(delay, "marker", self()); // same delay, set later: fires after the cancelled one would have
            assertThat(cancelled.cancel()).isTrue();
            assertThat(receive(LONG)).isEqualTo("marker");
            assertThat(cancelled.cancel()).isFalse();
        });
    }

    /** cancel() after the timer fired returns false; the message was delivered. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void cancelAfterFiringReturnsFalse(Runner runner) {
        Scenario.run(runner, s -> {
            TimerRef timer = sendAfter(Duration.ZERO, "fired", self());
            assertThat(receive(LONG)).isEqualTo("fired");
            assertThat(timer.cancel()).isFalse();
        });
    }

    /** A timer for a thread that has ended by the time it fires is dropped and counted, as a send would be. */
    @Test
    void timerForAnEndedThreadIsDroppedAndCounted() {
        Scenario.run(s -> {
            LocalThread ended = s.spawn(() -> { });
            s.join(ended);
            long before = droppedMessageCount();
            sendAfter(Duration.ZERO, "too late", ended);
            sendAfter(Duration.ZERO, "marker", self()); // fires after the first
            assertThat(receive(LONG)).isEqualTo("marker");
            assertThat(droppedMessageCount()).isEqualTo(before + 1);
        });
    }

    /**
     * 100,000 timers can be pending at once at the cost of a queue entry each, no thread; all
     * of them can be cancelled, and then none fires.
     */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void manyPendingTimersCostNoThread(Runner runner) {
        int timers = 100_000;
        Scenario.run(runner, s -> {
            sendAfter(Duration.ZERO, "warm-up", self()); // the timer thread exists from here on
            assertThat(receive(LONG)).isEqualTo("warm-up");
            int platformThreads = ManagementFactory.getThreadMXBean().getThreadCount();
            long before = usedHeapAfterGc();
            List<TimerRef> pending = new ArrayList<>(timers);
            for (int i = 0; i < timers; i++) {
                pending.add(sendAfter(NEVER_IN_A_TEST, i, self()));
            }
            long heap = usedHeapAfterGc() - before;
            System.out.printf("[TimerTest] %,d pending timers: %,d KB of heap (%.0f bytes/timer)%n",
                    timers, heap / 1024, (double) heap / timers);
            assertThat(ManagementFactory.getThreadMXBean().getThreadCount())
                    .as("platform threads with %,d timers pending", timers)
                    .isLessThanOrEqualTo(platformThreads + 2); // the JVM may start one of its own meanwhile
            assertThat(heap).as("heap held by the pending timers, in bytes").isLessThan(100L * 1024 * 1024);
            for (TimerRef t : pending) {
                assertThat(t.cancel()).isTrue();
            }
            sendAfter(Duration.ZERO, "after all", self());
            assertThat(receive(LONG)).isEqualTo("after all");
        });
    }

    /** A remote timer is sent from a virtual thread of its own: one for a slow node holds up neither the timer thread nor timers for other nodes, and each node's timers arrive in order. */
    @Test
    void remoteTimersDoNotBlockTheTimerThread() throws Exception {
        try (StubTransport node = StubTransport.installed()) {
            Scenario.run(s -> {
                RemoteThread slow = RemoteThread.named(StubTransport.SLOW, "slow");
                RemoteThread fast = RemoteThread.named(StubTransport.FAST, "fast");
                sendAfter(Duration.ZERO, "to the slow node", slow); // its send waits until released
                for (int i = 0; i < 100; i++) {
                    sendAfter(Duration.ZERO, i, fast);
                }
                sendAfter(Duration.ZERO, "local", self());
                assertThat(receive(LONG)).isEqualTo("local");
                for (int i = 0; i < 100; i++) {
                    StubTransport.Sent sent = node.sent.poll(LONG.toMillis(), TimeUnit.MILLISECONDS);
                    assertThat(sent).isNotNull();
                    assertThat(sent.to()).isEqualTo(fast);
                    assertThat(sent.message()).isEqualTo(i);
                    assertThat(sent.threadName()).isNotEqualTo("threadwire-timers");
                }
                node.releaseSlow.countDown();
                StubTransport.Sent sent = node.sent.poll(LONG.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(sent).isNotNull();
                assertThat(sent.message()).isEqualTo("to the slow node");
            });
        }
    }

    /** A timer for a remote thread is refused at once when no node runs, as a send would be. */
    @Test
    void remoteTimerWithoutANodeIsRefused() {
        Scenario.run(s -> assertThatThrownBy(() -> sendAfter(Duration.ZERO, "m",
                RemoteThread.named(StubTransport.FAST, "nobody")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no default node"));
    }

    /** Heap in use after a full collection. */
    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
