package io.threadwire.tests;

import static io.threadwire.core.Messaging.callAsync;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.replySynchronous;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Synchronous;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.tests.support.Tolerant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@link Synchronous} request handed on by the thread it reached: another thread of the node
 * the call went to, or of the caller's node, may answer it; a thread of a third node may not (a node holding the cluster's
 * secret must not answer calls made to another), so its reply is discarded, as the
 * {@code Synchronous} Javadoc says.
 */
class HandedOnRequestTest {
    /** Sent after a reply by the thread that replied: on the same connection, it arrives after the reply. */
    private static final String FENCE = "fence";

    @RegisterExtension
    final Cluster cluster = Cluster.of(3, Tolerant::tolerant);

    /** A thread of {@code node} that answers the one request handed to it, then sends a fence to the caller. */
    private static LocalThread answerer(Node node) {
        return node.spawn(() -> {
            Synchronous request = receive(Synchronous.class, LONG);
            replySynchronous("answered by " + node.address().port(), request);
            send(FENCE, request.sender());
        });
    }

    /**
     * A thread of {@code node} that hands the one request it gets on to {@code to}, then lives on
     * (its end would fail the call, as the end of a gen_server that handed a call on does).
     */
    private static LocalThread forwarder(Node node, LocalThread to) {
        return node.spawn(() -> {
            send(receive(Synchronous.class, LONG), to);
            receive();
        });
    }

    /** Calls {@code target} from a thread of A and returns the reply, which arrives within {@link Timeouts#LONG}. */
    private Object call(LocalThread target) {
        return cluster.call(cluster.node(0), () -> sendSynchronous("question", target, LONG));
    }

    /** Scenario: B's thread hands the request to another thread of B, whose reply completes the call. */
    @Test
    void anotherThreadOfTheCalledNodeMayAnswer() {
        Node b = cluster.node(1);
        LocalThread target = forwarder(b, answerer(b));
        assertThat(call(target)).isEqualTo("answered by " + b.address().port());
    }

    /** Scenario: B's thread hands the request to another thread of A, the caller's node, whose reply completes the call. */
    @Test
    void aThreadOfTheCallersNodeMayAnswer() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread target = forwarder(b, answerer(a));
        assertThat(call(target)).isEqualTo("answered by " + a.address().port());
    }

    /**
     * Scenario: B's thread hands the request to a thread of C, whose reply A discards and counts
     * as dropped (before the fence C sends after it, on the same connection): the call still waits.
     */
    @Test
    void aThreadOfAThirdNodeCannotAnswer() {
        Node a = cluster.node(0), b = cluster.node(1), c = cluster.node(2);
        LocalThread target = forwarder(b, answerer(c));
        long dropped = a.stats().messagesDropped();
        boolean done = cluster.call(a, () -> {
            CompletableFuture<Object> reply = callAsync("question", target, LONG);
            receiveIf(FENCE::equals, LONG);
            boolean answered = reply.isDone();
            reply.cancel(false);
            return answered;
        });
        assertThat(a.stats().messagesDropped()).as("the reply of a node the call did not go to, dropped").isGreaterThan(dropped);
        assertThat(done).as("the call answered by a node it did not go to").isFalse();
    }
}
