package io.threadwire.tests.kit;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.spi.Faults;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.ThreadwireCluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** freeze and thaw: the in-JVM SIGSTOP and SIGCONT. */
@ThreadwireCluster(nodes = 2, heartbeat = "50ms")
class FreezeTest {

    /**
     * Scenario: b is frozen: it answers no heartbeat, so a declares it down (its monitor fires
     * noconnection, it hears NodeDown). b, thawed, finds out: its own monitor fires, it hears
     * NodeDown. What b's thread sent while b was frozen went into the old connection and never
     * arrives; what it sends after its Down opens a new connection, and arrives.
     */
    @Test
    void aFrozenNodeIsDeclaredDownAndThawingDoesNotResurrectItsConnection(Cluster cluster, Node a, Node b) {
        Watch.echo(a);
        Watch.echo(b);
        Worker<Object> sink = Worker.start(a, "sink", () -> receive(LONG)); // the first message that reaches it
        Worker<Watch.Seen> onA = Watch.start(a, b);
        Worker<Watch.Seen> onB = Watch.start(b, a);

        cluster.freeze(b);
        Watch.Seen seenOnA = onA.join();
        assertThat(seenOnA.down().reason()).isEqualTo(ExitReason.NOCONNECTION);
        assertThat(seenOnA.nodeDown().reason()).contains("no heartbeat");
        cluster.run(b, () -> send("sent while frozen", sink.thread())); // b's threads run; its network does not

        cluster.thaw(b);
        Watch.Seen seenOnB = onB.join();
        assertThat(seenOnB.down().reason()).isEqualTo(ExitReason.NOCONNECTION);
        assertThat(seenOnB.nodeDown().node()).isEqualTo(a.address());
        cluster.run(b, () -> send("sent after the thaw", sink.thread()));
        assertThat(sink.join()).isEqualTo("sent after the thaw");
    }

    /**
     * Scenario: a freeze shorter than the heartbeat timeout (5 s here) goes unnoticed, as a
     * SIGSTOP soon followed by a SIGCONT: nothing b sends leaves while it is frozen and a's call
     * to b is not answered; after the thaw both go through on the same connection, which
     * neither node lost.
     */
    @Test
    @ThreadwireCluster(nodes = 2, heartbeat = "50ms", heartbeatTimeout = "5s")
    void aShortFreezeGoesUnnoticed(Cluster cluster, Node a, Node b) {
        RemoteThread echoOfB = Watch.echo(b);
        LocalThread tester = self();
        LocalThread forwarder = a.spawn(() -> send(receive(LONG), tester));
        assertThat(cluster.call(a, () -> sendSynchronous("connected", echoOfB, LONG))).isEqualTo("connected");

        cluster.freeze(b);
        Worker<Object> caller = Worker.start(a, "caller", () -> {
            CompletableFuture<Object> call = callAsync("during the freeze", echoOfB, LONG);
            send("asked", tester);
            return call.join();
        });
        assertThat(receive(LONG)).isEqualTo("asked");
        cluster.run(b, () -> send("sent while frozen", forwarder));
        assertThatThrownBy(() -> receive(Timeouts.SHORT)).as("nothing leaves a frozen node: no reply, no message")
                .isInstanceOf(ReceiveTimeoutException.class);

        cluster.thaw(b);
        assertThat(caller.join()).isEqualTo("during the freeze");
        assertThat(receive(LONG)).isEqualTo("sent while frozen");
        assertThat(Faults.of(a).connectionsLost()).isZero();
        assertThat(Faults.of(b).connectionsLost()).isZero();
    }
}
