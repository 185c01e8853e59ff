package io.threadwire.tests.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.ExitSignalException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.distributed.GlobalNames;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A thread told to exit while it waits for a node (a global registration, which waits for the
 * other nodes; a node call run on a thread of another node) ends that wait with its
 * {@link ExitSignalException}, as receive and calls do ("thrown by its next receive, call or
 * awaitServing, including one it is waiting in now", Messaging.exit), not with a
 * ThreadwireException("interrupted while waiting for ...") that is neither the signal nor its reason.
 */
class NodeWaitExitSignalTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2).seededBy(0);

    /** Scenario: a thread of node a registers a global name while node b does not answer, and is told to exit. */
    @Test
    void aGlobalRegistrationEndsWithTheExitSignal() throws Exception {
        Node a = cluster.node(0), b = cluster.node(1);
        cluster.awaitMesh();
        cluster.freeze(b); // the registration waits for b's lock
        Throwable thrown = thrownWhenToldToExitWhileWaiting(
                body -> a.spawn(body), () -> GlobalNames.register("n", Messaging.self()));
        assertThat(thrown).isInstanceOf(ExitSignalException.class);
        assertThat(((ExitSignalException) thrown).reason()).hasToString("stop");
        cluster.thaw(b);
    }

    /** Scenario: a thread of no node pings node b from node a (work run on a) while b does not answer, and is told to exit. */
    @Test
    void aNodeCallRunOnANodeEndsWithTheExitSignal() throws Exception {
        Node a = cluster.node(0), b = cluster.node(1);
        cluster.awaitMesh();
        cluster.freeze(b);
        Throwable thrown = thrownWhenToldToExitWhileWaiting(
                Messaging::spawn, () -> a.ping(b.address(), Timeouts.LONG));
        assertThat(thrown).isInstanceOf(ExitSignalException.class);
        assertThat(((ExitSignalException) thrown).reason()).hasToString("stop");
        cluster.thaw(b);
    }

    /** What {@code call} throws on a thread started by {@code spawn}, told to exit once it waits in the call. */
    private static Throwable thrownWhenToldToExitWhileWaiting(Function<Runnable, LocalThread> spawn, Runnable call)
            throws Exception {
        CompletableFuture<Thread> running = new CompletableFuture<>();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        LocalThread t = spawn.apply(() -> {
            running.complete(Thread.currentThread());
            try {
                call.run();
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        Thread jdk = running.get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
        Timeouts.await(() -> jdk.getState() == Thread.State.WAITING || jdk.getState() == Thread.State.TIMED_WAITING,
                "the thread waits in the call");
        Messaging.exit(t, "stop");
        return thrown.get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Scenario: a thread of no node pings node b from node a, b does not answer, and a closes:
     * the caller is told the node closed (as a call after the close is), not handed the exit
     * signal of a thread of a's that it never saw, as if it had been told to exit itself.
     */
    @Test
    void aNodeCallWhoseNodeClosesSaysSo() throws Exception {
        Node a = cluster.node(0), b = cluster.node(1);
        cluster.awaitMesh();
        cluster.freeze(b);
        CompletableFuture<Thread> running = new CompletableFuture<>();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Messaging.spawn(() -> {
            running.complete(Thread.currentThread());
            try {
                a.ping(b.address(), Timeouts.LONG);
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        Thread jdk = running.get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
        Timeouts.await(() -> jdk.getState() == Thread.State.WAITING, "the thread waits for node a");
        a.close();
        assertThat(thrown.get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("node " + a.address())
                .hasMessageContaining("closed");
        cluster.thaw(b);
    }
}
