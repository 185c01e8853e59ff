package io.threadwire.tests;

import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Messaging;
import io.threadwire.core.NoSuchThreadException;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import io.threadwire.tests.support.Tolerant;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Messages and calls for a name no thread holds on the target node. */
class UnknownNameTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2, Tolerant::tolerant);

    /** Scenario: a message sent to a name nobody holds on another node is dropped there and counted, as in Erlang. */
    @Test
    void aMessageToAnUnknownNameIsDroppedAndCounted() {
        Node a = cluster.node(0);
        Node b = cluster.node(1);
        long droppedAtB = b.stats().messagesDropped();
        long droppedInJvm = Messaging.droppedMessageCount();
        Worker.run(a, "sender", () -> send("anyone there?", RemoteThread.named(b.address(), "nobody"))).join();
        Timeouts.await(() -> b.stats().messagesDropped() == droppedAtB + 1,
                "node " + b.address() + " counts the message as dropped");
        assertThat(Messaging.droppedMessageCount()).isGreaterThan(droppedInJvm);
        assertThat(b.stats().messagesReceived()).isZero();
    }

    /** Scenario: a synchronous call to a name nobody holds fails with NoSuchThreadException long before its timeout. */
    @Test
    void aCallToAnUnknownNameFailsPromptlyWithNoSuchThread() {
        Node a = cluster.node(0);
        Node b = cluster.node(1);
        Duration callTimeout = LONG.multipliedBy(4);
        Worker<Duration> caller = Worker.start(a, "caller", () -> {
            long start = System.nanoTime();
            assertThatThrownBy(() -> sendSynchronous("hello?", b.remoteThread("nobody"), callTimeout))
                    .isInstanceOf(NoSuchThreadException.class)
                    .hasMessageContaining("nobody");
            return Duration.ofNanos(System.nanoTime() - start);
        });
        assertThat(caller.join()).isLessThan(LONG.dividedBy(3));
    }
}
