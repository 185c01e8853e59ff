package io.threadwire.tests;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import io.threadwire.tests.support.Tolerant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A send never throws for the network (Erlang's {@code !}, Akka's {@code tell}): a server that
 * relays every message to all its clients keeps serving, with its state, when the node of some
 * clients goes away or is cut off; what it sends there is dropped and counted.
 */
class RelayServerTest {
    private static final String SECRET = "relay-server-test-secret-0123456789";

    @RegisterExtension
    final Cluster cluster = Cluster.of(2, RelayServerTest::config);

    private static NodeConfig.Builder config(NodeConfig.Builder b) {
        return Tolerant.tolerant(b).secret(SECRET).register(Join.class).register(Post.class);
    }

    /** Joins as a client. */
    record Join(ThreadRef client) {
    }

    /** A numbered post, relayed to every client. */
    record Post(int n) {
    }

    /**
     * Scenario: a server on A relays posts to clients on B and on C. C closes before post 10, and
     * the link to B is cut before post 20 and healed before post 30 (B's client misses what was
     * relayed meanwhile, unless it waited out the cut in a connection attempt); the server relays
     * 40 posts in all without an exception, counts every post it could not deliver, and B's client
     * gets posts 0-9 and 30-39 at least, in order.
     */
    @Test
    void aServerKeepsServingWhenSomeClientsNodeGoesAway() {
        Node a = cluster.node(0), b = cluster.node(1);
        Node c = Node.start(config(NodeConfig.builder()).host("127.0.0.1").port(0).build());
        List<ThreadRef> clients = new CopyOnWriteArrayList<>();
        LocalThread server = a.spawn(() -> {
            for (;;) {
                Object m = receive();
                if (m instanceof Join j) {
                    clients.add(j.client());
                    send("joined", j.client());
                } else if (m instanceof Post p) {
                    for (ThreadRef client : clients) {
                        send(p, client);
                    }
                    handleSynchronous(x -> "relayed " + p.n()); // the test's call after each post
                }
            }
        });
        Worker<List<Integer>> onB = Worker.start(b, "client-b", () -> {
            send(new Join(self()), server);
            receive(String.class, LONG); // joined
            List<Integer> got = new ArrayList<>();
            while (got.isEmpty() || got.get(got.size() - 1) < 39) {
                got.add(receive(Post.class, LONG).n());
            }
            return got;
        });
        c.spawn(() -> {
            send(new Join(self()), server);
            for (;;) {
                receive();
            }
        });
        Timeouts.await(() -> clients.size() == 2, "both clients joined");
        long droppedBefore = a.stats().messagesDropped();
        List<Object> replies = cluster.call(a, () -> {
            List<Object> r = new ArrayList<>();
            for (int n = 0; n < 40; n++) {
                if (n == 10) {
                    c.close();
                }
                if (n == 20) {
                    cluster.disconnect(a, b);
                }
                if (n == 30) {
                    cluster.heal(a, b);
                }
                send(new Post(n), server);
                r.add(sendSynchronous("after " + n, server, LONG));
            }
            return r;
        });
        assertThat(replies).hasSize(40).last().isEqualTo("relayed 39");
        List<Integer> got = onB.join();
        assertThat(got).isSorted().doesNotHaveDuplicates().contains(0, 9, 30, 39);
        assertThat(got).containsAll(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39));
        long missedByB = 10 - got.stream().filter(n -> n >= 20 && n < 30).count(); // some may wait out the cut
        Timeouts.await(() -> a.stats().messagesDropped() >= droppedBefore + 30 + missedByB,
                "A counts the posts for C's client (30) and those B's client missed as dropped");
    }
}
