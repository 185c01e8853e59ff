package io.threadwire.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.Member;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.SeedProvider;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seeds from DNS: SRV records asked of a DNS server on 127.0.0.1 that the test controls, and the system resolver's addresses. */
class DnsSeedProviderTest {
    private static final String NAME = "_threadwire._tcp.nodes.tw.test";

    private final MiniDns dns = newDns();
    private final URI server = URI.create("dns://127.0.0.1:" + dns.port());
    private final AtomicInteger configured = new AtomicInteger();

    @RegisterExtension
    final Cluster cluster = Cluster.of(2, b -> configured.getAndIncrement() == 0 ? Fast.cluster(b)
            : Fast.cluster(b).seeds(SeedProvider.dnsSrv(NAME, server)));

    @AfterEach
    void stopDns() throws InterruptedException {
        dns.close();
    }

    /** Scenario: three SRV records come back as seeds by priority, the heaviest first within one; the trailing dot is dropped. */
    @Test
    void srvRecordsAreSeedsInPriorityOrder() throws Exception {
        dns.srv("_svc._tcp.tw.test", List.of(new MiniDns.Srv(20, 5, 9002, "b.tw.test."),
                new MiniDns.Srv(10, 1, 9001, "a.tw.test."), new MiniDns.Srv(10, 9, 9003, "c.tw.test.")));
        assertThat(SeedProvider.dnsSrv("_svc._tcp.tw.test", server).seeds()).containsExactly(
                new NodeAddress("c.tw.test", 9003), new NodeAddress("a.tw.test", 9001), new NodeAddress("b.tw.test", 9002));
    }

    /** Scenario: a name the server does not know (NXDOMAIN) is an empty round, not an error. */
    @Test
    void anUnknownNameGivesNoSeeds() throws Exception {
        assertThat(SeedProvider.dnsSrv("_nobody._tcp.tw.test", server).seeds()).isEmpty();
        assertThat(dns.questions()).isPositive();
    }

    /** Scenario: the A/AAAA provider turns the system resolver's answer for "localhost" into seeds on the given port. */
    @Test
    void addressRecordsAreSeedsOnTheGivenPort() throws Exception {
        assertThat(SeedProvider.dns("localhost", 7000).seeds()).contains(new NodeAddress("127.0.0.1", 7000))
                .allSatisfy(a -> assertThat(a.port()).isEqualTo(7000));
    }

    /** Scenario: node 1's seeds are the SRV records of a name that points at node 0 only once node 0 runs: node 1 joins it. */
    @Test
    void aNodeSeededThroughSrvRecordsJoins() {
        Node n0 = cluster.node(0), n1 = cluster.node(1);
        dns.srv(NAME, List.of(new MiniDns.Srv(10, 1, n0.address().port(), "127.0.0.1.")));
        Timeouts.await(() -> n1.members().stream().map(Member::address).toList().contains(n0.address()),
                "node 1 joins node 0 through the SRV records");
        Timeouts.await(() -> n0.members().size() == 2, "node 0 lists node 1");
    }

    private static MiniDns newDns() {
        try {
            return new MiniDns();
        } catch (java.net.SocketException e) {
            throw new IllegalStateException(e);
        }
    }
}
