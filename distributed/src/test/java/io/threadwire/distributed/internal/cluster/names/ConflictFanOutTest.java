package io.threadwire.distributed.internal.cluster.names;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.FakeClusterPort;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.node.PeerEvent;
import io.threadwire.distributed.internal.node.PeerInfo;
import io.threadwire.distributed.internal.node.ServiceMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * A peer's announcement of a global name costs the node in proportion to the announcement, not
 * to how many peers hold that name: it makes the node send at most one Conflict, to that peer.
 * It made it send one to every losing holder's home, 49 for each announcement where 50 peers
 * (a holder of the secret under 50 addresses) held the name.
 */
class ConflictFanOutTest {
    private static final int HOLDERS = 50;
    private static final int MESSAGES = 100;

    private final FakeClusterPort port = new FakeClusterPort(ClusterLimits.DEFAULT);
    private final NamesService service = port.startNames(new NameViews());
    private final List<PeerInfo> peers = new ArrayList<>();

    /** Scenario: 50 peers hold "x", peer 0 the oldest claim; each then announces its entry 100 times, or 100 new ones. */
    @Test
    void anAnnouncementMakesTheNodeTellAtMostTheAnnouncer() {
        for (int i = 0; i < HOLDERS; i++) {
            PeerInfo p = new PeerInfo(new NodeAddress("127.0.0.1", 7000 + i), 1, "", false);
            peers.add(p);
            service.handle(new PeerEvent.PeerUp(p));
            service.handle(new ServiceMessage(p, new NamesProtocol.Registered(entry(p, i, 0))));
        }
        assertThat(conflictsWhile(0, m -> entry(peers.get(0), 0, 0))).as("the winner's entry again").isEmpty();
        assertThat(conflictsWhile(0, m -> entry(peers.get(0), 0, m + 1))).as("the winner's, each a new claim").isEmpty();
        PeerInfo loser = peers.get(HOLDERS - 1);
        assertThat(conflictsWhile(HOLDERS - 1, m -> entry(loser, HOLDERS - 1, 0))).as("a loser's entry again")
                .hasSize(MESSAGES).allMatch(to -> to.equals(loser.address()));
    }

    /** The nodes told of a Conflict while peer {@code from} sends {@link #MESSAGES} Registered of {@code entry(m)}. */
    private List<NodeAddress> conflictsWhile(int from, IntFunction<NamesProtocol.Entry> entry) {
        port.sent.clear();
        for (int m = 0; m < MESSAGES; m++) {
            service.handle(new ServiceMessage(peers.get(from), new NamesProtocol.Registered(entry.apply(m))));
        }
        return port.sent.stream().filter(s -> s.message() instanceof NamesProtocol.Conflict).map(FakeClusterPort.Sent::to).toList();
    }

    private static NamesProtocol.Entry entry(PeerInfo p, long registeredAt, long seq) {
        return new NamesProtocol.Entry("x", new RemoteThread.ById(p.address(), 1, 1),
                new NamesProtocol.Claim(registeredAt, p.address(), p.incarnation(), seq));
    }
}
