package io.threadwire.distributed.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/**
 * A node whose host is a name keeps knowing itself however many names peers make it learn: its
 * own form lives outside the bounded cache, so it is never evicted.
 */
class AddressesSelfTest {
    private static final NodeAddress SELF = new NodeAddress("node-a.example", 9000);
    private static final NodeAddress SELF_IP = new NodeAddress("10.1.0.1", 9000);

    /** Resolves "node-a.example" to 10.1.0.1 and "peer-N.example" to 10.2.x.y; no DNS. */
    private static String fakeDns(String host) throws UnknownHostException {
        if (host.equals("node-a.example")) {
            return "10.1.0.1";
        }
        if (host.startsWith("peer-")) {
            int n = Integer.parseInt(host.substring(5, host.indexOf('.')));
            return "10.2." + (n / 250) + "." + (n % 250 + 1);
        }
        throw new UnknownHostException(host);
    }

    /** 5,000 other names through a cache of 4,096: the node still recognises itself by every form. */
    @Test
    void ownNameSurvivesAFullCache() {
        Addresses a = new Addresses(SELF, Addresses.CAPACITY, AddressesSelfTest::fakeDns);
        for (int i = 0; i < 5_000; i++) {
            a.resolve(new NodeAddress("peer-" + i + ".example", 9000));
        }
        assertThat(a.known(SELF)).isEqualTo(SELF_IP);
        assertThat(a.resolve(SELF)).isEqualTo(SELF_IP);
        assertThat(a.isSelf(SELF)).isTrue();
        assertThat(a.isSelf(SELF_IP)).isTrue();
        assertThat(a.isSelf(new NodeAddress("peer-1.example", 9000))).isFalse();
        assertThat(a.isSelf(new NodeAddress("10.1.0.1", 9001))).isFalse();
        assertThat(a.known(new NodeAddress("peer-4999.example", 1))).isEqualTo(new NodeAddress("10.2.19.250", 1));
    }

    /** A name the node has not resolved yet is asked again, then pinned like the rest. */
    @Test
    void unresolvedOwnNameIsPinnedOnceItResolves() {
        boolean[] up = {false};
        Addresses a = new Addresses(SELF, 2, host -> {
            if (!up[0]) {
                throw new UnknownHostException(host);
            }
            return fakeDns(host);
        });
        assertThat(a.isSelf(SELF)).isTrue();
        assertThat(a.isSelf(SELF_IP)).isFalse();
        up[0] = true;
        assertThat(a.resolve(SELF)).isEqualTo(SELF_IP);
        for (int i = 0; i < 10; i++) {
            a.resolve(new NodeAddress("peer-" + i + ".example", 9000));
        }
        assertThat(a.isSelf(SELF_IP)).isTrue();
        assertThat(a.known(SELF)).isEqualTo(SELF_IP);
    }

    /**
     * A node whose name resolves only after it started knows its IP as itself as soon as it
     * resolves an address on its port, as a send does before asking whether the target is here:
     * a handle by this node's IP is not sent to the network, to a connection with itself.
     */
    @Test
    void ownNameThatResolvesLateIsKnownWhenAnAddressByIpIsResolved() {
        boolean[] up = {false};
        Addresses a = new Addresses(SELF, Addresses.CAPACITY, host -> {
            if (!up[0]) {
                throw new UnknownHostException(host);
            }
            return fakeDns(host);
        });
        assertThat(a.isSelf(a.resolve(SELF_IP))).as("before the name resolves").isFalse();
        up[0] = true;
        assertThat(a.isSelf(a.resolve(SELF_IP))).as("once it resolves").isTrue();
        assertThat(a.isSelf(a.resolve(new NodeAddress("10.2.0.1", 9000)))).as("another node on the same port").isFalse();
    }

    /**
     * An address a dial found to reach this node is this node, by the form it was dialed in and
     * by its name; beyond the capacity, no more are kept (a peer cannot grow the set).
     */
    @Test
    void addressesThatReachedThisNodeAreThisNodeUpToTheCapacity() {
        Addresses a = new Addresses(SELF, 2, AddressesSelfTest::fakeDns);
        NodeAddress byName = new NodeAddress("peer-7.example", 9000);
        NodeAddress dialed = a.resolve(byName);
        assertThat(a.isSelf(dialed)).isFalse();
        a.reachedSelf(dialed);
        assertThat(a.isSelf(dialed)).as("the address dialed").isTrue();
        assertThat(a.isSelf(byName)).as("its name, resolved before").isTrue();
        assertThat(a.isSelf(new NodeAddress(dialed.host(), 9001))).as("another port there").isFalse();
        for (int i = 0; i < Addresses.CAPACITY; i++) {
            a.reachedSelf(new NodeAddress("10.3.0.1", 10_000 + i));
        }
        a.reachedSelf(new NodeAddress("10.4.0.1", 9000));
        assertThat(a.isSelf(new NodeAddress("10.3.0.1", 10_000))).isTrue();
        assertThat(a.isSelf(new NodeAddress("10.4.0.1", 9000))).as("one beyond the capacity").isFalse();
    }
}
