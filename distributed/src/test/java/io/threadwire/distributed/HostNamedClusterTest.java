package io.threadwire.distributed;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.distributed.RemoteNodeListingTest.on;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.ThreadRef;
import io.threadwire.testkit.Timeouts;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A member that calls itself by a host name (here localhost, as {@code --host node1.example.com}
 * would) takes part in groups and global names: its threads carry that name, while a peer that
 * resolved it files the member under its IP, and the peer takes the member's joins and names
 * as the member's own rather than as claims for another node (it used to cut the member off
 * for each, over and over).
 */
class HostNamedClusterTest {
    private static final NodeConfig.Builder CONFIG = NodeConfig.builder().port(0)
            .secret("0123456789abcdef0123456789abcdef").connectTimeout(LONG);

    /**
     * Scenario: b (host localhost) joins a through it as seed; each joins "g" and registers a name;
     * both list both joins and see both names, and a message a sends to b's name arrives.
     */
    @Test
    void aHostNamedMembersJoinsAndNamesAreSeenByItsPeers() throws Exception {
        try (Node a = Node.start(CONFIG.host("127.0.0.1").build());
             Node b = Node.start(CONFIG.host("localhost").seeds(a.address().toString()).build())) {
            Timeouts.await(() -> ask(a, n -> n.members().size()) == 2 && ask(b, n -> n.members().size()) == 2,
                    "a and b list each other as members");
            LocalThread ofA = a.spawn(() -> receive());
            CompletableFuture<Object> toB = new CompletableFuture<>();
            LocalThread ofB = b.spawn(() -> toB.complete(receive()));
            boolean byA = on(a, n -> join("g", ofA) && GlobalNames.register("of-a", ofA));
            boolean byB = on(b, n -> join("g", ofB) && GlobalNames.register("of-b", ofB));
            assertThat(byA && byB).as("both names registered").isTrue();

            Timeouts.await(() -> ask(a, n -> Groups.members("g")).size() == 2, "a lists b's thread in g");
            Timeouts.await(() -> ask(b, n -> Groups.members("g")).size() == 2, "b lists a's thread in g");
            Timeouts.await(() -> ask(a, n -> GlobalNames.whereis("of-b")).isPresent(), "a sees b's name");
            Timeouts.await(() -> ask(b, n -> GlobalNames.whereis("of-a")).isPresent(), "b sees a's name");

            on(a, n -> {
                GlobalNames.send("of-b", "by name from a");
                return null;
            });
            assertThat(toB.get(LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("by name from a");
            Messaging.send("done", ofA);
        }
    }

    private static boolean join(String group, ThreadRef thread) {
        Groups.join(group, thread);
        return true;
    }

    private static <T> T ask(Node node, Function<Node, T> work) {
        try {
            return on(node, work);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
