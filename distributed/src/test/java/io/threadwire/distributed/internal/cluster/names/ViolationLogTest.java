package io.threadwire.distributed.internal.cluster.names;

import static io.threadwire.distributed.internal.cluster.FakeClusterPort.X;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.FakeClusterPort;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.node.PeerEvent;
import io.threadwire.distributed.internal.node.ServiceMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A peer that breaks a limit in many messages before its connection is gone is warned of at a rate, not once per message. */
class ViolationLogTest {
    private static final ClusterLimits ONE_NAME = new ClusterLimits(1_000, 10_000, 100_000, 1, 64, 10_000, 1_000);

    /** A hundred Syncs over maxGlobalNames from one peer, handled before its loss, log one warning; each is refused. */
    @Test
    void manyViolationsOfOnePeerMakeOneWarning() {
        FakeClusterPort port = new FakeClusterPort(ONE_NAME);
        NamesService s = port.startNames(new NameViews());
        s.handle(new PeerEvent.PeerUp(X));
        List<NamesProtocol.Entry> two = List.of(entry("a", 1), entry("b", 2));
        List<String> log = FakeClusterPort.logLinesWhile(() -> {
            for (int i = 0; i < 100; i++) {
                s.handle(new ServiceMessage(X, new NamesProtocol.Sync(1, two)));
            }
        });
        assertThat(port.sent).as("disconnects").filteredOn(m -> String.valueOf(m.message()).startsWith("DISCONNECT"))
                .hasSize(100);
        assertThat(log.stream().filter(l -> l.contains("broke a cluster limit")))
                .as("warnings logged").hasSize(1);
    }

    private static NamesProtocol.Entry entry(String name, long id) {
        return new NamesProtocol.Entry(name, new RemoteThread.ById(X.address(), X.incarnation(), id),
                new NamesProtocol.Claim(1, X.address(), X.incarnation(), id));
    }
}
