package io.threadwire.distributed.internal.cluster.names;

import static io.threadwire.distributed.internal.cluster.FakeClusterPort.X;
import static io.threadwire.distributed.internal.cluster.FakeClusterPort.drain;
import static io.threadwire.distributed.internal.cluster.FakeClusterPort.idle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.FakeClusterPort;
import io.threadwire.distributed.internal.cluster.Reply;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.node.PeerEvent;
import org.junit.jupiter.api.Test;

/** {@code maxGlobalNames} on the home: what its threads hold never exceeds it, so no peer with the same limits cuts it off. */
class NameLimitsTest {
    private static final ClusterLimits ONE_NAME = new ClusterLimits(1_000, 10_000, 100_000, 1, 64, 10_000, 1_000);

    /** A registration that arrives while another is under way at the limit's last name is refused with IllegalStateException. */
    @Test
    void registrationsUnderWayCountTowardsMaxGlobalNames() {
        FakeClusterPort port = new FakeClusterPort(ONE_NAME);
        NameViews views = new NameViews();
        NamesService s = port.startNames(views);
        Reply first = new Reply();
        s.handle(new NamesRequests.Register("a", idle(), first));
        assertThatThrownBy(() -> s.handle(new NamesRequests.Register("b", idle(), new Reply())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxGlobalNames");
        drain(s);
        assertThat(first.isDone()).isTrue();
        assertThat(views.names()).containsExactly("a");
        s.handle(new PeerEvent.PeerUp(X));
        NamesProtocol.Sync sync = port.sentTo(X.address(), NamesProtocol.Sync.class).getFirst();
        assertThat(sync.own()).as("the names a peer with the same limits checks").hasSize(1);
    }

    /** Calls for one name under way count once towards the limit: only one of them can add it. */
    @Test
    void callsForOneNameUnderWayCountOnce() {
        FakeClusterPort port = new FakeClusterPort(ONE_NAME);
        NameViews views = new NameViews();
        NamesService s = port.startNames(views);
        Reply first = new Reply();
        Reply second = new Reply();
        s.handle(new NamesRequests.Register("a", idle(), first));
        s.handle(new NamesRequests.Register("a", idle(), second)); // not refused: it can only find "a" taken
        drain(s);
        assertThat(first.isDone() && second.isDone()).as("both answered").isTrue();
        assertThat(views.names()).containsExactly("a");
    }

    /** Once a registration under way is answered, its place under the limit is free again. */
    @Test
    void aFinishedRegistrationNoLongerCountsAsUnderWay() {
        FakeClusterPort port = new FakeClusterPort(new ClusterLimits(1_000, 10_000, 100_000, 2, 64, 10_000, 1_000));
        NameViews views = new NameViews();
        NamesService s = port.startNames(views);
        s.handle(new NamesRequests.Register("a", idle(), new Reply()));
        drain(s);
        s.handle(new NamesRequests.Register("b", idle(), new Reply()));
        drain(s);
        assertThat(views.names()).containsExactlyInAnyOrder("a", "b");
        assertThatThrownBy(() -> s.handle(new NamesRequests.Register("c", idle(), new Reply())))
                .isInstanceOf(IllegalStateException.class);
    }
}
