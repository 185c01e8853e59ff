package io.threadwire.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Messaging;
import io.threadwire.core.Synchronous;
import io.threadwire.distributed.internal.cluster.protocol.SpawnProtocol;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What a spawn by name does with an answer a broken or hostile node service could send: it
 * fails with a {@link RemoteSpawnException} naming the node and what was wrong, never with a
 * ClassCastException or NullPointerException, and never returns a null handle.
 */
class RemoteSpawnBadAnswerTest {
    private static final NodeConfig CONFIG = NodeConfig.builder().port(0).secret("0123456789abcdef0123456789abcdef").build();

    /** An answer that is no spawn answer fails the spawn as a bad answer, not as a ClassCastException. */
    @Test
    void anAnswerOfAnotherTypeFailsTheSpawn() throws Exception {
        withNodeServiceAnswering(() -> "not a spawn answer", node ->
                assertThatThrownBy(() -> node.spawn(node.address(), "echo", List.of()))
                        .isInstanceOfSatisfying(RemoteSpawnException.class,
                                e -> assertThat(e.reason()).isEqualTo(RemoteSpawnException.Reason.NODE_LOST))
                        .hasMessageContaining(node.address().toString()).hasMessageContaining("java.lang.String"));
    }

    /** An OK answer without the new thread fails the spawn, rather than returning null. */
    @Test
    void anOkAnswerWithoutTheThreadFailsTheSpawn() throws Exception {
        withNodeServiceAnswering(() -> new SpawnProtocol.Reply(SpawnProtocol.OK, null, ""), node ->
                assertThatThrownBy(() -> node.spawn(node.address(), "echo", List.of()))
                        .isInstanceOfSatisfying(RemoteSpawnException.class,
                                e -> assertThat(e.reason()).isEqualTo(RemoteSpawnException.Reason.NODE_LOST))
                        .hasMessageContaining("no thread"));
    }

    /** Runs {@code check} on a node whose node service answers every call with what {@code answer} gives. */
    private static void withNodeServiceAnswering(Supplier<Object> answer, Consumer<Node> check) throws Exception {
        try (Node node = Node.start(CONFIG)) {
            RemoteNodeBadAnswerTest.replaceNodeService(node, () -> {
                for (;;) {
                    Synchronous call = Messaging.receive(Synchronous.class); // throws when the node closes
                    Messaging.replySynchronous(answer.get(), call);
                }
            });
            check.accept(node);
        }
    }
}
