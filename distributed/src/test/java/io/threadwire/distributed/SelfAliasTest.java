package io.threadwire.distributed;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node reached by an address that is not its own (it calls itself 127.0.0.2, as a node behind
 * NAT calls itself by its public address, and listens on 127.0.0.1): once a dial to that address
 * reached the node itself, the address is this node for everything, as its own address is. A
 * spawn, a node call and a send to a handle naming it stay in the node, never a connection to
 * itself that fails.
 */
class SelfAliasTest {
    private static Node startNode() {
        return Node.start(NodeConfig.builder().port(0).host("127.0.0.2").bindHost("127.0.0.1")
                .secret("0123456789abcdef0123456789abcdef").build());
    }

    private static NodeAddress alias(Node n) {
        return new NodeAddress("127.0.0.1", n.address().port());
    }

    /** A connect to the alias finds it is this node, as a connect to its own address does. */
    @Test
    void aConnectToTheAliasIsRefusedAsAConnectToItself() {
        try (Node n = startNode()) {
            assertThatThrownBy(() -> n.connect(alias(n), LONG)).isInstanceOf(NodeUnreachableException.class)
                    .hasMessageContaining("this node itself");
        }
    }

    /** A spawn on the alias starts the thread here, as a spawn on the node's own address does. */
    @Test
    void aSpawnOnTheAliasStartsTheThreadHere() throws Exception {
        try (Node n = startNode()) {
            n.spawnable("echo", args -> send(args, (ThreadRef) receive(LONG)));
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            n.spawn(() -> {
                try {
                    ThreadRef child = n.spawn(alias(n), "echo", "hello");
                    send(self(), child);
                    outcome.complete(child instanceof LocalThread ? receive(LONG) : child);
                } catch (RuntimeException e) {
                    outcome.complete(e);
                }
            });
            assertThat(outcome.get(LONG.toMillis() * 2, TimeUnit.MILLISECONDS)).isEqualTo("hello");
        }
    }

    /** A node call on the alias is answered by this node. */
    @Test
    void aPingOfTheAliasIsAnsweredByThisNode() {
        try (Node n = startNode()) {
            assertThat(n.remote(alias(n)).ping()).as("ping of the alias").isPresent();
            assertThat(n.remote(alias(n)).info().self().address()).isEqualTo(n.address());
        }
    }

    /** Once the alias is known to be this node, a message to a handle naming it reaches the thread here. */
    @Test
    void aSendToAHandleOfTheAliasReachesTheThreadHere() throws Exception {
        try (Node n = startNode()) {
            assertThatThrownBy(() -> n.connect(alias(n), LONG)).isInstanceOf(NodeUnreachableException.class);
            CompletableFuture<Object> received = new CompletableFuture<>();
            CompletableFuture<Void> registered = new CompletableFuture<>();
            n.spawn(() -> {
                n.registerRemoteThread(self(), "me");
                registered.complete(null);
                received.complete(receive(LONG));
            });
            registered.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
            n.spawn(() -> send("by the alias", RemoteThread.named(alias(n), "me")));
            assertThat(received.get(LONG.toMillis() * 2, TimeUnit.MILLISECONDS)).isEqualTo("by the alias");
        }
    }
}
