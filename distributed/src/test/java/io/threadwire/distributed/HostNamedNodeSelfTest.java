package io.threadwire.distributed;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node whose host is a name (here localhost) knows a handle of its own by that name's address
 * as its own: what goes to it stays in the node, never over a connection to itself.
 */
class HostNamedNodeSelfTest {
    /** A call to itself through a handle of its own node is refused at once, as on a node named by its IP. */
    @Test
    void aCallToItselfThroughItsOwnHandleIsRefused() throws Exception {
        try (Node n = Node.start(NodeConfig.builder().port(0).host("localhost")
                .secret("0123456789abcdef0123456789abcdef").build())) {
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            n.spawn(() -> {
                n.registerRemoteThread(self(), "me");
                try {
                    outcome.complete(sendSynchronous("ping", n.remoteThread("me"), LONG));
                } catch (RuntimeException e) {
                    outcome.complete(e);
                }
            });
            assertThat(outcome.get(LONG.toMillis() * 2, TimeUnit.MILLISECONDS))
                    .isInstanceOfSatisfying(IllegalArgumentException.class,
                            e -> assertThat(e.getMessage()).contains("call to itself"));
        }
    }

    /** A linked spawn on its own address is a spawn on this node, linked, not a request over a connection to itself. */
    @Test
    void aLinkedSpawnOnItsOwnAddressStaysHere() throws Exception {
        try (Node n = Node.start(NodeConfig.builder().port(0).host("localhost")
                .secret("0123456789abcdef0123456789abcdef").build())) {
            n.spawnable("idle", args -> receive(LONG));
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            n.spawn(() -> {
                send("resolves localhost here first", n.remoteThread("nobody"));
                try {
                    outcome.complete(n.spawnLinked(n.address(), "idle", ""));
                } catch (RuntimeException e) {
                    outcome.complete(e);
                }
            });
            assertThat(outcome.get(LONG.toMillis() * 2, TimeUnit.MILLISECONDS)).isInstanceOf(LocalThread.class);
        }
    }

    /**
     * After it learned 5,000 other names (its own would be pushed out of a plain cache), it
     * still knows its own address: a connect to its IP is refused at once as a connect to itself.
     */
    @Test
    void itStillKnowsItselfAfterLearningManyNames() {
        try (Node n = Node.start(NodeConfig.builder().port(0).host("localhost")
                .secret("0123456789abcdef0123456789abcdef").connectTimeout(LONG).build())) {
            NodeServiceHostNameTest.fillNameCache(n);
            NodeAddress byIp = new NodeAddress("127.0.0.1", n.address().port());
            assertThatThrownBy(() -> n.connect(byIp, LONG)).isInstanceOf(NodeUnreachableException.class)
                    .hasMessageContaining("this node itself");
        }
    }
}
