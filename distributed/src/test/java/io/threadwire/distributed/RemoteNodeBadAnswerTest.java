package io.threadwire.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Messaging;
import io.threadwire.core.Synchronous;
import io.threadwire.distributed.internal.cluster.ClusterServices;
import io.threadwire.distributed.internal.cluster.protocol.InspectProtocol;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.node.ClusterPort;
import io.threadwire.testkit.Timeouts;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What {@link RemoteNode} does with an answer a broken or hostile node service could send: it
 * fails with the {@link NodeUnreachableException} it documents, naming the node, never with a
 * NullPointerException or ClassCastException, and never passes a bad listing on in part.
 */
class RemoteNodeBadAnswerTest {
    private static final NodeConfig CONFIG = NodeConfig.builder().port(0).secret("0123456789abcdef0123456789abcdef").build();

    /** A listing with a null entry is refused whole with NodeUnreachableException naming the node. */
    @Test
    void aListingWithANullEntryFailsAsABadAnswer() throws Exception {
        withNodeServiceAnswering(r -> new InspectProtocol.Listing<>(Arrays.asList("a", null, "b"), false), remote -> {
            assertThatThrownBy(remote::registeredNames).isInstanceOf(NodeUnreachableException.class)
                    .hasMessageContaining(remote.address().toString()).hasMessageContaining("ListNames")
                    .hasMessageContaining("null entry");
            assertThatThrownBy(remote::groups).isInstanceOf(NodeUnreachableException.class);
            assertThatThrownBy(() -> remote.members("g")).isInstanceOf(NodeUnreachableException.class);
            assertThatThrownBy(remote::members).isInstanceOf(NodeUnreachableException.class);
            assertThatThrownBy(remote::globalNames).isInstanceOf(NodeUnreachableException.class);
        });
    }

    /** A global name listed without its name or holder is refused as a bad answer. */
    @Test
    void aGlobalNameWithoutItsHolderFailsAsABadAnswer() throws Exception {
        withNodeServiceAnswering(r -> new InspectProtocol.Listing<>(List.of(new NamesProtocol.Held("n", null)), false),
                remote -> assertThatThrownBy(remote::globalNames).isInstanceOf(NodeUnreachableException.class)
                        .hasMessageContaining("ListGlobalNames"));
    }

    /** An entry or an answer of the wrong type fails as a bad answer, not as a ClassCastException. */
    @Test
    void anAnswerOfTheWrongTypeFailsAsABadAnswer() throws Exception {
        withNodeServiceAnswering(r -> switch (r) {
            case InspectProtocol.WhereIs w -> Optional.of("not a thread");
            case InspectProtocol.ListNames l -> new InspectProtocol.Listing<>(List.of(42), false);
            default -> "not what was asked";
        }, remote -> {
            assertThatThrownBy(() -> remote.whereis("x")).isInstanceOf(NodeUnreachableException.class)
                    .hasMessageContaining("java.lang.String");
            assertThatThrownBy(remote::registeredNames).isInstanceOf(NodeUnreachableException.class)
                    .hasMessageContaining("java.lang.Integer");
            assertThatThrownBy(remote::info).isInstanceOf(NodeUnreachableException.class)
                    .hasMessageContaining("NodeInfo");
            assertThatThrownBy(remote::groups).isInstanceOf(NodeUnreachableException.class);
        });
    }

    /**
     * Runs {@code check} on the {@link RemoteNode} of a node whose node service was replaced by
     * one that answers each request with {@code answer} (the node asks itself: the answer reaches
     * RemoteNode as it is, as whatever a peer's codec let through would).
     */
    private static void withNodeServiceAnswering(Function<InspectProtocol, Object> answer,
                                                 Consumer<RemoteNode> check) throws Exception {
        try (Node node = Node.start(CONFIG)) {
            replaceNodeService(node, () -> {
                for (;;) {
                    Synchronous call = Messaging.receive(Synchronous.class); // throws when the node closes
                    Messaging.replySynchronous(answer.apply((InspectProtocol) call.data()), call);
                }
            });
            RemoteNode remote = node.remote(node.address());
            assertThat(remote.ping()).as("the replacement answers").isPresent();
            check.accept(remote);
        }
    }

    /** Stops {@code node}'s node service and runs {@code body} in its place, under its name. */
    static void replaceNodeService(Node node, Runnable body) {
        ClusterPort port = node.engine().clusterPort();
        Messaging.exit(port.whereis(ClusterServices.NODE), "replaced by the test");
        Timeouts.await(() -> port.whereis(ClusterServices.NODE) == null, "the node service has ended");
        port.startService(ClusterServices.NODE, body);
    }
}
