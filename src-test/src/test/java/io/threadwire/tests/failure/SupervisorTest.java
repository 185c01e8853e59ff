package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.ChildSpec;
import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.RestartIntensityException;
import io.threadwire.core.Supervisor;
import io.threadwire.core.Synchronous;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A one-for-one supervisor on a node: restarts, re-registration, and giving up. */
class SupervisorTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    /** A child that answers "who?" with its own handle and crashes on "crash". */
    private static void crashOnDemand() {
        for (;;) {
            Object m = receive();
            if (m instanceof Synchronous call) {
                replySynchronous(self().id(), call);
            } else if ("crash".equals(m)) {
                throw new IllegalStateException("crash on demand");
            }
        }
    }

    /** The child registered as {@code name} on {@code node}, once it is not {@code previous}. */
    private static LocalThread awaitChild(Node node, String name, LocalThread previous) {
        Timeouts.await(() -> node.whereis(name).filter(t -> t != previous).isPresent(), "a child runs as " + name);
        return node.whereis(name).orElseThrow();
    }

    /**
     * Scenario: a supervisor on B runs a permanent child registered as "worker"; the child
     * crashes; the supervisor starts a new one under the same name, which A reaches by name.
     */
    @Test
    void supervisorRestartsACrashedChildAndReregistersIt() {
        Node a = cluster.node(0), b = cluster.node(1);
        Supervisor sup = cluster.call(b, () -> Supervisor.builder()
                .child(ChildSpec.permanent("worker", SupervisorTest::crashOnDemand))
                .start());
        RemoteThread worker = b.remoteThread("worker");
        long first = cluster.call(a, () -> (Long) sendSynchronous("who?", worker, LONG));
        LocalThread firstChild = sup.child("worker").orElseThrow();
        cluster.run(a, () -> send("crash", worker));
        Timeouts.await(() -> sup.child("worker").filter(c -> c != firstChild).isPresent(), "a new child runs under the name");
        long second = cluster.call(a, () -> (Long) sendSynchronous("who?", worker, LONG));
        assertThat(second).isNotEqualTo(first);
        assertThat(b.whereis("worker")).contains(sup.child("worker").orElseThrow());
        sup.stop();
    }

    /** Scenario: a transient child that returns normally is not restarted; a temporary one never is. */
    @Test
    void transientAndTemporaryChildrenFollowTheirPolicy() {
        Node b = cluster.node(1);
        Supervisor sup = cluster.call(b, () -> Supervisor.builder()
                .child(ChildSpec.transientChild("done", () -> { }))
                .child(ChildSpec.temporary("once", () -> {
                    throw new IllegalStateException("temporary failure");
                }))
                .start());
        Timeouts.await(() -> sup.child("done").isEmpty() && sup.child("once").isEmpty(),
                "both children ended for good");
        assertThat(sup.thread().isAlive()).isTrue();
        sup.stop();
    }

    /**
     * Scenario: a thread of node A asks a supervisor on node B of the same JVM for its child,
     * then stops it: both work from any thread of the JVM, as the supervisor's private messages
     * never travel between nodes.
     */
    @Test
    void aThreadOfAnotherNodeOfTheJvmFindsAChildAndStopsTheSupervisor() {
        Node a = cluster.node(0), b = cluster.node(1);
        Supervisor sup = cluster.call(b, () -> Supervisor.builder()
                .child(ChildSpec.permanent("kept", () -> receive()))
                .start());
        try {
            LocalThread child = cluster.call(a, () -> sup.child("kept")).orElseThrow();
            assertThat(b.whereis("kept")).contains(child);
            cluster.run(a, sup::stop);
            assertThat(sup.thread().isAlive()).isFalse();
            assertThat(child.isAlive()).isFalse();
        } finally {
            if (sup.thread().isAlive()) {
                sup.stop(); // from the test's own thread, of no node, so that a failure leaves no supervisor behind
            }
        }
    }

    /**
     * Scenario: the child crashes more often than the intensity allows (three times, where two
     * restarts in a minute are allowed): the supervisor gives up, stops, and its monitor sees a
     * RestartIntensityException as the reason.
     */
    @Test
    void supervisorGivesUpAfterTooManyRestarts() {
        Node b = cluster.node(1);
        ExitReason reason = cluster.call(b, () -> {
            Supervisor sup = Supervisor.builder()
                    .intensity(2, Duration.ofSeconds(60))
                    .child(ChildSpec.permanent("flaky", SupervisorTest::crashOnDemand))
                    .start();
            monitor(sup.thread());
            for (int crash = 1; crash <= 3; crash++) {
                LocalThread child = awaitChild(b, "flaky", null);
                send("crash", child);
                if (crash < 3) {
                    awaitChild(b, "flaky", child); // restarted
                }
            }
            return receive(Down.class, LONG).reason();
        });
        assertThat(reason).isInstanceOf(ExitReason.Crashed.class);
        assertThat(((ExitReason.Crashed) reason).exception()).isInstanceOf(RestartIntensityException.class)
                .hasMessageContaining("flaky");
        Timeouts.await(() -> b.threads().isEmpty(), "no child is left running");
    }
}
