package io.threadwire.tests.security;

import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.distributed.GlobalNames;
import io.threadwire.distributed.Groups;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: a peer that holds the secret sends an exit signal to each of the attacked node's
 * services (membership, groups, global names, the node service), links one of its threads to
 * each, and hangs up, which would end a linked thread with {@code noconnection}. No other node
 * may end a node's services, which nothing would restart: the attacked node ignores the exit
 * signals, refuses the links as for a thread not there, and its services still serve.
 */
class HostileServiceSignalsTest {
    private static final List<String> SERVICES =
            List.of("threadwire.node", "threadwire.members", "threadwire.groups", "threadwire.names");

    private static final String RAW_PEERS_HOST = "127.0.0.3"; // the host every raw peer claims (RawPeer.fakeAddress)

    @RegisterExtension
    final Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED);

    @Test
    void exitSignalsAndLinksFromAPeerLeaveTheServicesRunning() throws Exception {
        Node attacked = AttackedNode.attacked(cluster);
        try (RawPeer p = AttackedNode.authenticatedPeer(cluster)) {
            List<byte[]> items = new ArrayList<>();
            long linker = 1;
            for (String service : SERVICES) {
                items.add(RawPeer.exitByName(service));
                items.add(RawPeer.linkByName(linker++, service));
            }
            p.sendItems(items.toArray(byte[][]::new));
            p.sync(); // every exit signal and link has been handled
        }
        // the connection's loss is reported: a link to a service would have ended it with noconnection
        Timeouts.await(() -> attacked.connectedNodes().stream().noneMatch(a -> a.host().equals(RAW_PEERS_HOST)),
                "the attacked node forgot the hostile peer");

        LocalThread t = attacked.spawn(() -> receive());
        assertThat(cluster.call(attacked, () -> GlobalNames.register("still-served", t))).isTrue();
        cluster.run(attacked, () -> Groups.join("still-served", t));
        assertThat(cluster.call(attacked, () -> Groups.localMembers("still-served"))).containsExactly(t);
        assertThat(cluster.call(attacked, () -> GlobalNames.whereis("still-served"))).contains(t);
        Messaging.exit(t, "done");
    }
}
