package io.threadwire.distributed.internal.cluster.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.FakeClusterPort;
import io.threadwire.distributed.internal.cluster.ServiceLoop;
import io.threadwire.distributed.internal.cluster.protocol.SpawnProtocol;
import io.threadwire.distributed.internal.cluster.spawn.Spawnables;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The node service answers every spawn request, one whose handling throws included, and links only to the asker. */
class NodeServiceSpawnTest {
    /** Far longer than the test may take: an answer that comes is the service's, not the timeout's. */
    private static final Duration CALLERS_TIMEOUT = Duration.ofDays(1);

    /** A node service on a fake port, on a thread of its own, that declares "work". */
    private static LocalThread startService() {
        FakeClusterPort port = new FakeClusterPort(ClusterLimits.DEFAULT);
        Spawnables spawnables = new Spawnables(port);
        spawnables.declare("work", null, args -> { });
        return Messaging.spawn(() -> ServiceLoop.run("threadwire.node", new NodeService(port, null, null, spawnables), port::closing));
    }

    /**
     * Scenario: decoding the arguments throws what no refusal names (the fake port's decode
     * throws UnsupportedOperationException, as a codec bug or a closing node might): the caller
     * gets START_FAILED naming it, well before its own timeout, and the next request is answered.
     */
    @Test
    void aSpawnWhoseHandlingThrowsIsAnsweredAtOnceAndTheServiceGoesOn() {
        LocalThread service = startService();
        Object[] answers = new Object[2];
        List<String> log = FakeClusterPort.logLinesWhile(() -> {
            CompletableFuture<Object> failed = Messaging.callAsync(
                    new SpawnProtocol.Request("work", new byte[] {1}, "Args", false, false), service, CALLERS_TIMEOUT);
            Timeouts.await(failed::isDone, "the spawn whose handling threw is answered");
            answers[0] = failed.join();
            CompletableFuture<Object> next = Messaging.callAsync(
                    new SpawnProtocol.Request("nosuch", new byte[] {1}, "Args", false, false), service, CALLERS_TIMEOUT);
            Timeouts.await(next::isDone, "the next spawn request is answered");
            answers[1] = next.join();
        });
        SpawnProtocol.Reply failed = (SpawnProtocol.Reply) answers[0];
        assertThat(failed.status()).isEqualTo(SpawnProtocol.START_FAILED);
        assertThat(failed.child()).isNull();
        assertThat(failed.detail()).contains(FakeClusterPort.SELF.toString())
                .contains(UnsupportedOperationException.class.getName());
        assertThat(((SpawnProtocol.Reply) answers[1]).status()).isEqualTo(SpawnProtocol.UNKNOWN_BEHAVIOUR);
        assertThat(log).anyMatch(line -> line.contains("threadwire.node") && line.contains("failed"));
        assertThat(LocalThreads.exitReason(service)).as("the service thread's end").isNull();
        Messaging.exit(service, "test over");
    }

    /** A linked spawn is refused unless another node asks it for a thread of its own: the node links to no one else. */
    @Test
    void aLinkedSpawnForNoThreadOfTheRequestingNodeIsRefused() {
        LocalThread service = startService();
        SpawnProtocol.Reply reply = (SpawnProtocol.Reply) Messaging.sendSynchronous(
                new SpawnProtocol.Request("work", new byte[] {1}, "Args", false, true), service, Timeouts.LONG);
        assertThat(reply.status()).isEqualTo(SpawnProtocol.START_FAILED);
        assertThat(reply.detail()).contains("only to the thread of another node that asks");
        Messaging.exit(service, "test over");
    }
}
