package io.threadwire.distributed;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.distributed.RemoteNodeListingTest.on;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.spi.Faults;
import io.threadwire.distributed.spi.LinkFilter;
import io.threadwire.distributed.spi.NodeFaults;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A node that calls itself by a host name (not an IP literal) is answered by the node service
 * of a peer that knows that name's address: the peer tells the node by its address as it
 * resolved it, and the node's threads by the name the node gave them, which is the same node.
 * A peer that never resolved the name resolves it when the node connects to it, so that what it
 * sends to the node's threads goes on that connection.
 */
class NodeServiceHostNameTest {
    private static final NodeConfig.Builder CONFIG = NodeConfig.builder().port(0)
            .secret("0123456789abcdef0123456789abcdef").connectTimeout(LONG);

    /** The peer resolved "localhost" when it dialed the node, and knows the node by 127.0.0.1 since. */
    @Test
    void aNodeNamedByHostNameIsAnsweredByAPeerThatDialedIt() throws Exception {
        dialedByNameThenAsks(peer -> { });
    }

    /**
     * The peer learns 5,000 other names after it dialed the node (more than its cache of
     * resolved names holds, so "localhost" is evicted): the node's requests are still its own.
     */
    @Test
    void stillAnsweredAfterThePeerForgotTheName() throws Exception {
        dialedByNameThenAsks(NodeServiceHostNameTest::fillNameCache);
    }

    /**
     * The node named "localhost" dials a peer that never resolved that name, and sends it its own
     * handle: the peer's answer to that handle arrives. (The peer filed the node under the name
     * and sent to the address it resolves to, over a second connection the node refused while the
     * first was up: nothing arrived.)
     */
    @Test
    void aNodeNamedByHostNameThatDialsGetsAnswersToItsHandles() throws Exception {
        try (Node named = Node.start(CONFIG.host("localhost").build());
             Node peer = Node.start(CONFIG.host("127.0.0.1").build())) {
            startEcho(peer);
            assertThat(askEcho(named, peer)).isEqualTo("back");
        }
    }

    /**
     * A peer that never resolved "localhost" dials the node so named by its IP address: the node's
     * name is resolved in the handshake and matches, so the connection comes up, and a message to
     * the node's thread by the node's own address goes on it and is answered.
     */
    @Test
    void aNodeNamedByHostNameIsReachedByItsIpAddress() throws Exception {
        try (Node named = Node.start(CONFIG.host("localhost").build());
             Node peer = Node.start(CONFIG.host("127.0.0.1").build())) {
            startEcho(named);
            NodeAddress byIp = new NodeAddress("127.0.0.1", named.address().port());
            NodeAddress connected = on(peer, n -> n.connect(byIp, LONG));
            assertThat(connected).as("connected by its IP").isNotNull();
            assertThat(askEcho(peer, named)).isEqualTo("back");
        }
    }

    /**
     * The node named "localhost" dials a peer that never resolved that name: the peer answers its
     * node calls and links the threads it spawns for it, again and again (both went to a second
     * connection, to the address the name resolves to, which the node refused: the calls timed out).
     */
    @Test
    void aNodeNamedByHostNameThatDialsIsAnsweredOnItsConnection() throws Exception {
        try (Node named = Node.start(CONFIG.host("localhost").build());
             Node peer = Node.start(CONFIG.host("127.0.0.1").build())) {
            peer.spawnable("idle", args -> receive(LONG));
            for (int i = 0; i < 3; i++) {
                Listing<String> names = on(named, n -> n.remote(peer.address()).registeredNames());
                assertThat(names).as("the named node's request is answered").isEmpty();
                ThreadRef child = on(named, n -> n.spawnLinked(peer.address(), "idle", ""));
                assertThat(child).isNotNull();
            }
        }
    }

    /** Registers "echo" on {@code node}: a thread that sends "back" to the first thread it is sent. */
    private static void startEcho(Node node) throws Exception {
        CompletableFuture<Void> registered = new CompletableFuture<>();
        node.spawn(() -> {
            node.registerRemoteThread(self(), "echo");
            registered.complete(null);
            send("back", (ThreadRef) receive(LONG));
        });
        registered.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A thread of {@code from} sends itself to {@code to}'s "echo" by {@code to}'s own address; what it gets back. */
    private static Object askEcho(Node from, Node to) throws Exception {
        return on(from, n -> {
            send(self(), RemoteThread.named(to.address(), "echo"));
            return receive(LONG);
        });
    }

    /** The peer dials a node named "localhost" by that name, then {@code meanwhile}; the node's requests are answered. */
    private static void dialedByNameThenAsks(Consumer<Node> meanwhile) throws Exception {
        try (Node named = Node.start(CONFIG.host("localhost").build());
             Node peer = Node.start(CONFIG.host("127.0.0.1").build())) {
            peer.spawnable("idle", args -> receive(LONG));
            NodeAddress byName = new NodeAddress("localhost", named.address().port());
            Optional<Duration> dialed = on(peer, n -> n.remote(byName).ping());
            assertThat(dialed).as("the peer dials it by name").isPresent();
            meanwhile.accept(peer);

            Listing<String> names = on(named, n -> n.remote(peer.address()).registeredNames());
            assertThat(names).as("the named node's request is answered").isEmpty();
            ThreadRef child = on(named, n -> n.spawnLinked(peer.address(), "idle", ""));
            assertThat(child).isNotNull();
        }
    }

    /**
     * Makes {@code node} resolve 5,000 distinct names without DNS: a decimal number is a host
     * name to the node (not a dotted literal) that Java resolves by itself, 10.0.0.0 upwards.
     */
    static void fillNameCache(Node node) {
        NodeFaults faults = Faults.of(node);
        for (int i = 0; i < 5_000; i++) {
            faults.filter(new NodeAddress(Long.toString(167_772_160L + i), 9), LinkFilter.OPEN);
        }
    }
}
