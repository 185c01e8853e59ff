package io.threadwire.distributed.internal.cluster.names;

import static io.threadwire.distributed.internal.cluster.names.FakeClusterPort.X;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.node.PeerEvent;
import io.threadwire.distributed.internal.node.ServiceMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Syncs of names between a node and a peer: one each way per connection, and what they change in the view. */
class SyncTest {

    /** A peer whose Sync overtook its PeerUp is sent one Sync, not a second when the PeerUp comes. */
    @Test
    void aPeerWhoseSyncOvertookItsPeerUpIsSentOneSync() {
        FakeClusterPort port = new FakeClusterPort(ClusterLimits.DEFAULT);
        NamesService s = port.startNames(new NameViews());
        s.handle(new ServiceMessage(X, new NamesProtocol.Sync(NamesService.PROTOCOL, List.of())));
        s.handle(new PeerEvent.PeerUp(X));
        assertThat(port.sentTo(X.address(), NamesProtocol.Sync.class)).hasSize(1);
    }
}
