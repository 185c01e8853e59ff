package io.threadwire.tests.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.protocol.MembersProtocol;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.LogCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: a peer that holds the secret sends the membership service forged member lists: one
 * longer than {@code maxMembers}, or thousands on one connection naming addresses where no node
 * listens. A member sends one list per connection, of at most {@code maxMembers}: either attack
 * cuts the peer off with the reason logged, so what a peer makes the attacked node dial is
 * bounded per connection. The legitimate peer is served throughout.
 */
class HostileMembersTest extends ClusterAttackTest {
    private static final int MAX_MEMBERS = 50;

    @RegisterExtension
    final Cluster cluster = AttackedNode.cluster(WireMode.ENCRYPTED,
            b -> b.clusterLimits(new ClusterLimits(MAX_MEMBERS, 10_000, 100_000, 10_000, 64, 10_000, 1_000)));

    @Override
    Cluster cluster() {
        return cluster;
    }

    /** A member list longer than maxMembers: cut off, with the reason logged. */
    @Test
    void aMemberListPastTheLimitCutsThePeerOff() throws IOException {
        List<NodeAddress> nowhere = nowhere(MAX_MEMBERS + 1);
        try (LogCapture log = LogCapture.start()) {
            attacker.flood(ClusterAttacker.MEMBERS, 1, i -> new MembersProtocol.Hello(1, nowhere));
            attacker.awaitCutOff();
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("over maxMembers (" + MAX_MEMBERS + ")"));
        }
        bystander.assertServed(Bystander.MESSAGES);
    }

    /**
     * Two thousand member lists naming addresses where nothing listens, as fast as the peer can:
     * a member sends one list per connection, so the second cuts the peer off (with the reason
     * logged), and the nodes the attacked node knows stay within the addresses named.
     */
    @Test
    void aSecondMemberListOnOneConnectionCutsThePeerOff() throws IOException {
        List<NodeAddress> named = nowhere(MAX_MEMBERS);
        int[] mostKnown = new int[1];
        try (LogCapture log = LogCapture.start()) {
            attacker.flood(ClusterAttacker.MEMBERS, 2_000, i -> {
                mostKnown[0] = Math.max(mostKnown[0], attacked.stats().knownNodes());
                return new MembersProtocol.Hello(1, named);
            });
            attacker.awaitCutOff();
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("a second member list on one connection"));
        }
        // the addresses named, the legitimate peer and the attacker
        assertThat(mostKnown[0]).as("most nodes known during the flood").isLessThanOrEqualTo(MAX_MEMBERS + 2);
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** {@code count} addresses on 127.0.0.1 where nothing listens (ports just freed). */
    private static List<NodeAddress> nowhere(int count) throws IOException {
        List<NodeAddress> addresses = new ArrayList<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                addresses.add(new NodeAddress("127.0.0.1", s.getLocalPort()));
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return addresses;
    }
}
