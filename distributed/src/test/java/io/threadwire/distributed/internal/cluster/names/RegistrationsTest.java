package io.threadwire.distributed.internal.cluster.names;

import static io.threadwire.distributed.internal.cluster.FakeClusterPort.GATE;
import static io.threadwire.distributed.internal.cluster.FakeClusterPort.X;
import static io.threadwire.distributed.internal.cluster.FakeClusterPort.drain;
import static io.threadwire.distributed.internal.cluster.FakeClusterPort.idle;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.FakeClusterPort;
import io.threadwire.distributed.internal.cluster.Reply;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.node.PeerEvent;
import io.threadwire.distributed.internal.node.ServiceMessage;
import io.threadwire.testkit.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The registrations a node runs for its own threads, driven message by message against a fake
 * engine: the names service is handed each message on the test's thread.
 */
class RegistrationsTest {

    /** However many calls for one name wait their turn, starting them does not deepen the stack per call. */
    @Test
    void manyWaitingRegistrationsOfOneNameAreStartedWithoutRecursion() throws Exception {
        List<Reply> replies = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<NameViews> seen = new AtomicReference<>();
        LocalThread holder = idle();
        Thread service = Thread.ofVirtual().start(() -> { // as the names service runs: on a virtual thread
            NameViews views = new NameViews();
            seen.set(views);
            NamesService s = new FakeClusterPort(ClusterLimits.DEFAULT).startNames(views);
            try {
                for (int i = 0; i < 20_000; i++) { // a burst of register("leader", holder), all before the first completes
                    Reply r = new Reply();
                    replies.add(r);
                    s.handle(new NamesRequests.Register("leader", holder, r));
                }
                drain(s);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        assertThat(service.join(Timeouts.LONG)).as("the service thread finished").isTrue();
        assertThat(failure.get()).as("what the service's handling threw").isNull();
        assertThat(replies).as("every call answered").allMatch(Reply::isDone);
        assertThat(seen.get().whereis("leader")).contains(holder);
    }

    /** A member lost while the registration waits at the gate is not asked for a lock: the rest of the cluster completes it. */
    @Test
    void aMemberLostWhileWaitingAtTheGateIsNotAwaited() {
        FakeClusterPort port = new FakeClusterPort(ClusterLimits.DEFAULT);
        NameViews views = new NameViews();
        NamesService s = port.startNames(views);
        s.handle(new PeerEvent.PeerUp(GATE));
        s.handle(new PeerEvent.PeerUp(X));
        LocalThread holder = idle();
        Reply reply = new Reply();
        s.handle(new NamesRequests.Register("svc", holder, reply));
        NamesProtocol.Lock atGate = port.sentTo(GATE.address(), NamesProtocol.Lock.class).getFirst();
        s.handle(new PeerEvent.PeerDown(X, "connection reset", false)); // lost while this node waits in the gate's line
        s.handle(new ServiceMessage(GATE, new NamesProtocol.Locked("svc", atGate.reqId())));
        drain(s); // this node's own lock, through its mailbox
        assertThat(port.sentTo(X.address(), NamesProtocol.Lock.class)).as("Locks sent to the lost member").isEmpty();
        NamesProtocol.Commit commit = port.sentTo(GATE.address(), NamesProtocol.Commit.class).getFirst();
        s.handle(new ServiceMessage(GATE, new NamesProtocol.Committed("svc", commit.reqId())));
        assertThat(reply.isDone()).as("the registration answered, without waiting for its time to run out").isTrue();
        assertThat(views.whereis("svc")).contains(holder);
    }
}
