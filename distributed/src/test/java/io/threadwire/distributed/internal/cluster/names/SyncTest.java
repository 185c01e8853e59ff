package io.threadwire.distributed.internal.cluster.names;

import static io.threadwire.distributed.internal.cluster.FakeClusterPort.X;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.FakeClusterPort;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.node.PeerEvent;
import io.threadwire.distributed.internal.node.ServiceMessage;
import io.threadwire.testkit.Timeouts;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The Syncs of names between a node and a peer: one each way per connection, and what they change in the view. */
class SyncTest {

    private static NamesProtocol.Entry entryOfX(String name, long id) {
        return new NamesProtocol.Entry(name, new RemoteThread.ById(X.address(), X.incarnation(), id),
                new NamesProtocol.Claim(System.currentTimeMillis(), X.address(), X.incarnation(), id));
    }

    /** A peer whose Sync overtook its PeerUp is sent one Sync, not a second when the PeerUp comes. */
    @Test
    void aPeerWhoseSyncOvertookItsPeerUpIsSentOneSync() {
        FakeClusterPort port = new FakeClusterPort(ClusterLimits.DEFAULT);
        NamesService s = port.startNames(new NameViews());
        s.handle(new ServiceMessage(X, new NamesProtocol.Sync(NamesService.PROTOCOL, List.of())));
        s.handle(new PeerEvent.PeerUp(X));
        assertThat(port.sentTo(X.address(), NamesProtocol.Sync.class)).hasSize(1);
    }

    /** A Sync that keeps a name its sender holds never shows the name as missing to readers, even for a moment. */
    @Test
    void aSyncKeepsTheNamesItRepeatsVisibleThroughout() throws Exception {
        FakeClusterPort port = new FakeClusterPort(ClusterLimits.DEFAULT);
        NameViews views = new NameViews();
        NamesService s = port.startNames(views);
        s.handle(new PeerEvent.PeerUp(X));
        NamesProtocol.Sync sync = new NamesProtocol.Sync(NamesService.PROTOCOL, List.of(entryOfX("n", 7)));
        s.handle(new ServiceMessage(X, sync));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        AtomicLong missing = new AtomicLong();
        Thread reader = Thread.ofPlatform().start(() -> { // GlobalNames.whereis and send, on other threads
            while (!stop.get()) {
                reads.incrementAndGet();
                if (views.whereis("n").isEmpty()) {
                    missing.incrementAndGet();
                }
            }
        });
        Timeouts.await(() -> reads.get() > 0, "the reader reads");
        for (int i = 0; i < 200_000; i++) {
            s.handle(new ServiceMessage(X, sync));
        }
        stop.set(true);
        assertThat(reader.join(Timeouts.LONG)).isTrue();
        assertThat(missing.get()).as("reads of 'n' (of %d) that found nobody", reads.get()).isZero();
    }

    /** A Sync without a name its sender held before takes it out of the view. */
    @Test
    void aSyncWithoutANameRemovesIt() {
        FakeClusterPort port = new FakeClusterPort(ClusterLimits.DEFAULT);
        NameViews views = new NameViews();
        NamesService s = port.startNames(views);
        s.handle(new PeerEvent.PeerUp(X));
        s.handle(new ServiceMessage(X, new NamesProtocol.Sync(NamesService.PROTOCOL, List.of(entryOfX("a", 1), entryOfX("b", 2)))));
        s.handle(new ServiceMessage(X, new NamesProtocol.Sync(NamesService.PROTOCOL, List.of(entryOfX("b", 2)))));
        assertThat(views.names()).containsExactly("b");
    }
}
