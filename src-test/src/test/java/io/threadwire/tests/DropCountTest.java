package io.threadwire.tests;

import static io.threadwire.core.Messaging.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.spi.Faults;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A message from another node that reaches no thread is counted once, by the node and in the JVM's count. */
class DropCountTest {
    /** The thread that a {@link Poison} ends as it is decoded, and the JDK thread it runs on. */
    private static final AtomicReference<LocalThread> VICTIM = new AtomicReference<>();
    private static final AtomicReference<Thread> VICTIM_THREAD = new AtomicReference<>();

    /**
     * A message whose decoding, on the receiving node's reader, ends its target and waits until
     * the target's thread is gone: the node finds the target alive, then cannot deliver to it.
     */
    public record Poison(String text) {
        public Poison {
            LocalThread victim = VICTIM.get();
            if (victim != null) { // decoding on the receiving node; the sender built it before arming
                send("end", victim);
                Thread t = VICTIM_THREAD.get();
                try {
                    t.join(Timeouts.LONG.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @RegisterExtension
    final Cluster cluster = Cluster.of(2, b -> b.register(Poison.class));

    /** Scenario: the target ends between the node's lookup and the delivery: one drop, counted once everywhere. */
    @Test
    void aMessageForAThreadThatEndsAsItArrivesIsCountedOnce() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread tester = self();
        LocalThread victim = b.spawn(() -> {
            VICTIM_THREAD.set(Thread.currentThread());
            send("ready", tester);
            receive(String.class, Timeouts.LONG); // "end"
        });
        b.registerRemoteThread(victim, "victim");
        assertThat(receive(Timeouts.LONG)).isEqualTo("ready");
        RemoteThread target = b.remoteThread("victim");
        Poison poison = new Poison("drop me");
        VICTIM.set(victim);
        try {
            long jvmBefore = droppedMessageCount();
            long nodeBefore = b.stats().messagesDropped();
            cluster.run(a, () -> send(poison, target));
            Timeouts.await(() -> b.stats().messagesDropped() == nodeBefore + 1, "node b counts the drop");
            assertThat(victim.isAlive()).isFalse();
            assertThat(droppedMessageCount() - jvmBefore).as("drops counted in the JVM").isEqualTo(1);
            assertThat(b.stats().messagesReceived()).isZero();
        } finally {
            VICTIM.set(null);
        }
    }

    /**
     * Scenario: a node's threads, its services among them, have ended (it is closing) while its
     * peer's services still send it their own traffic, which neither side counts: it is no drop
     * either, or it would balance a message that was really lost. A message for a name the node
     * never had, sent after it on the same connection, is the one drop.
     */
    @Test
    void theClustersOwnTrafficToAnEndedServiceIsNoDrop() {
        Node a = cluster.node(0), b = cluster.node(1);
        a.connect(b.address());
        Faults.of(b).stopThreads();
        long droppedBefore = b.stats().messagesDropped();
        long sentBefore = a.stats().messagesSent();
        cluster.run(a, () -> {
            send("for a service that has ended", RemoteThread.named(b.address(), "threadwire.members"));
            send("for nobody", b.remoteThread("nobody"));
        });
        Timeouts.await(() -> b.stats().messagesDropped() > droppedBefore, "node b counts the drop");
        assertThat(b.stats().messagesDropped() - droppedBefore).as("drops node b counts").isEqualTo(1);
        assertThat(a.stats().messagesSent() - sentBefore).as("messages node a counts as sent").isEqualTo(1);
    }
}
