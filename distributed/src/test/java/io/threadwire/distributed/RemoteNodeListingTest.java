package io.threadwire.distributed;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.LocalThread;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What a {@link RemoteNode} listing says about the entries a node left out. */
class RemoteNodeListingTest {
    private static final NodeConfig.Builder CONFIG = NodeConfig.builder().port(0).secret("0123456789abcdef0123456789abcdef");

    private static String name(int i) {
        return String.format("n%05d", i);
    }

    /** A node holding more than {@link Listing#MAX} names sends the first MAX, and the listing says it is truncated. */
    @Test
    void aListingOfMoreThanTheMaximumIsTruncated() throws Exception {
        try (Node a = Node.start(CONFIG.build()); Node b = Node.start(CONFIG.build())) {
            LocalThread holder = b.spawn(() -> receive(LONG));
            for (int i = 0; i <= Listing.MAX; i++) {
                b.registerRemoteThread(holder, name(i));
            }
            Listing<String> cut = on(a, n -> n.remote(b.address()).registeredNames());
            assertThat(cut).hasSize(Listing.MAX).startsWith(name(0)).endsWith(name(Listing.MAX - 1));
            assertThat(cut.truncated()).isTrue();

            b.unregisterRemoteThread(name(Listing.MAX));
            Listing<String> all = on(a, n -> n.remote(b.address()).registeredNames());
            assertThat(all).hasSize(Listing.MAX);
            assertThat(all.truncated()).as("exactly MAX names is a complete listing").isFalse();
            send("done", holder);
        }
    }

    /** first(limit) keeps the first entries and is truncated if it left any out, or if the node did. */
    @Test
    void firstKeepsTheFirstEntriesAndSaysWhetherItLeftSomeOut() {
        Listing<String> three = new Listing<>(List.of("a", "b", "c"), false);
        assertThat(three.first(2)).containsExactly("a", "b");
        assertThat(three.first(2).truncated()).isTrue();
        assertThat(three.first(3).truncated()).isFalse();
        assertThat(new Listing<>(List.of("a"), true).first(5).truncated()).isTrue();
        assertThatThrownBy(() -> three.first(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    /** A cut listing and a complete one of the same entries differ; each equals a plain list of its entries, both ways. */
    @Test
    void listingsOfTheSameEntriesDifferByTruncation() {
        Listing<String> complete = new Listing<>(List.of("a", "b"), false);
        Listing<String> cut = new Listing<>(List.of("a", "b"), true);
        assertThat(cut).isNotEqualTo(complete);
        assertThat(complete).isNotEqualTo(cut);
        assertThat(complete).isEqualTo(new Listing<>(List.of("a", "b"), false));
        assertThat(cut).isEqualTo(new Listing<>(List.of("a", "b"), true)).hasSameHashCodeAs(List.of("a", "b"));
        assertThat(cut.equals(List.of("a", "b"))).isTrue();
        assertThat(List.of("a", "b").equals(cut)).isTrue();
        assertThat(complete).isNotEqualTo(new Listing<>(List.of("a"), false));
    }

    /** What {@code work} returns on a thread of {@code node}, or what it threw. */
    static <T> T on(Node node, Function<Node, T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        node.spawn(() -> {
            try {
                result.complete(work.apply(node));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
    }
}
