package io.threadwire.tests.kit;

import static io.threadwire.core.Messaging.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Down;
import io.threadwire.core.LocalThread;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test kit's Worker and Timeouts behave as their Javadoc says. */
class TestKitHelpersTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(1);

    /** join() returns what the task returned, after the worker's thread has ended. */
    @Test
    void joinReturnsTheResultOfAnEndedThread() {
        Node node = cluster.node(0);
        Worker<String> w = Worker.start(node, "answer", () -> "42");
        assertThat(w.join()).isEqualTo("42");
        assertThat(node.threads()).doesNotContain(w.thread());
        assertThat(w.join()).as("a second join, at once").isEqualTo("42");
    }

    /** join() rethrows what the task threw, so a failure in a worker fails the test. */
    @Test
    void joinRethrowsTheFailureOfTheTask() {
        Worker<Void> w = Worker.run(cluster.node(0), "failing", () -> {
            throw new IllegalStateException("broken on purpose");
        });
        assertThatThrownBy(w::join).isInstanceOf(IllegalStateException.class).hasMessage("broken on purpose");
        assertThatThrownBy(w::join).as("a second join").isInstanceOf(IllegalStateException.class).hasMessage("broken on purpose");
    }

    /** call() rethrows an unchecked failure as it is, and a checked one as a test failure that keeps it. */
    @Test
    void callRethrowsWhatTheBodyThrew() {
        Node node = cluster.node(0);
        assertThatThrownBy(() -> cluster.call(node, () -> {
            throw new IllegalStateException("broken on purpose");
        })).isInstanceOf(IllegalStateException.class).hasMessage("broken on purpose");
        assertThatThrownBy(() -> cluster.call(node, () -> {
            throw new java.io.IOException("checked on purpose");
        })).isInstanceOf(AssertionError.class).hasMessageContaining(node.address().toString())
                .hasRootCauseInstanceOf(java.io.IOException.class).hasRootCauseMessage("checked on purpose");
    }

    /** Only the thread that started a worker may join it: its outcome is in that thread's mailbox. */
    @Test
    void joinFromAnotherThreadIsRefused() {
        Node node = cluster.node(0);
        Worker<Object> w = Worker.start(node, "waiting", () -> receive(Timeouts.LONG));
        Object refusal = cluster.call(node, () -> {
            try {
                w.join();
                return "joined";
            } catch (WrongThreadException e) {
                return e;
            }
        });
        assertThat(refusal).isInstanceOf(WrongThreadException.class);
        send("go", w.thread());
        assertThat(w.join()).isEqualTo("go");
    }

    /** await returns as soon as a condition that another thread makes true holds. */
    @Test
    void awaitReturnsOnceTheConditionHolds() {
        AtomicBoolean flag = new AtomicBoolean();
        Thread.ofVirtual().start(() -> flag.set(true));
        Timeouts.await(flag::get, "the flag is set");
        assertThat(flag).isTrue();
    }

    /** LONG is 30 s under the one scale, and PROMPT is far less than it. */
    @Test
    void boundsFollowTheScale() {
        assertThat(Timeouts.scaled(Duration.ofSeconds(30))).isEqualTo(Timeouts.LONG);
        assertThat(Timeouts.PROMPT).isEqualTo(Timeouts.LONG.dividedBy(4));
    }

    /** A body that does not finish within the long bound fails the test as an AssertionError, and is stopped. */
    @Test
    void aCallThatDoesNotFinishFailsTheTestAndIsStopped() {
        Node n = cluster.node(0);
        int before = n.threads().size();
        assertThatThrownBy(() -> cluster.call(n, () -> receive())).isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not finish within " + Timeouts.LONG);
        Timeouts.await(() -> n.threads().size() == before, "the body's thread is stopped");
    }

    /**
     * A body whose thread ends before it can hand back its outcome (told to exit, which its next
     * send throws; its node crashed under it) fails the call at once, as an AssertionError saying
     * why, rather than after twice the long bound as a ReceiveTimeoutException.
     */
    @Test
    void aCallWhoseThreadEndsWithoutReportingFailsAtOnceSayingWhy() {
        Node n = cluster.node(0);
        long start = System.nanoTime();
        assertThatThrownBy(() -> cluster.call(n, () -> {
            LocalThread body = self();
            Thread.ofPlatform().start(() -> exit(body, "stopped by the test")).join(); // the signal interrupts the join,
            return "never reported";                   // and is thrown once more by the send that would report
        })).isInstanceOf(AssertionError.class).hasMessageContaining("stopped by the test");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Timeouts.LONG);
    }

    /**
     * A worker whose thread ends before it can hand back its outcome fails join() at once, saying
     * that it ended (and why, if it ends while join waits), rather than after the long bound as a
     * worker that "did not finish".
     */
    @Test
    void joinOfAWorkerThatEndsWithoutReportingFailsAtOnceSayingSo() {
        Worker<String> w = Worker.start(cluster.node(0), "stopped", () -> {
            LocalThread body = self();
            Thread.ofPlatform().start(() -> exit(body, "stopped by the test")).join(); // the signal interrupts the join,
            return "never reported";                   // and is thrown once more by the send that would report
        });
        long start = System.nanoTime();
        assertThatThrownBy(w::join).isInstanceOf(AssertionError.class)
                .hasMessageContaining("worker 'stopped' ended").hasMessageContaining("without handing back its outcome");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Timeouts.LONG);
    }

    /** That failure leaves a monitor of the caller's own its one Down: join takes only what its own monitor brings. */
    @Test
    void joinOfAWorkerThatEndsWithoutReportingLeavesTheCallersOwnDown() {
        Worker<String> w = Worker.start(cluster.node(0), "stopped", () -> {
            LocalThread body = self();
            Thread.ofPlatform().start(() -> exit(body, "stopped by the test")).join();
            return "never reported";
        });
        monitor(w.thread());
        assertThatThrownBy(w::join).isInstanceOf(AssertionError.class);
        assertThat(receive(Down.class, Timeouts.LONG).ref()).isEqualTo(w.thread());
    }
}
