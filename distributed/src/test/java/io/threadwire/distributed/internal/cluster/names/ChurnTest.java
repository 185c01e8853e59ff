package io.threadwire.distributed.internal.cluster.names;

import static io.threadwire.distributed.internal.cluster.FakeClusterPort.idle;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.distributed.internal.cluster.Reply;
import io.threadwire.distributed.internal.cluster.names.NamesCluster.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random interleavings over three made-up nodes of everything that changes a name while the
 * cluster heals: registrations (racing each other and the heal), unregistrations from any node,
 * holders ending, connections cut and dialed again, a node restarting empty. Once every node is
 * connected and nothing is in flight, all agree on the name.
 */
class ChurnTest {
    private static final String NAME = "n";
    /** Runs per test, each from its seed ({@link NamesCluster#forEachSeed}). */
    private static final int RUNS = 200;

    private record Registrant(Node home, LocalThread thread, Reply reply) {
    }

    /** Whatever happens amid the heal, every node ends showing one live holder whose home holds the name, or none. */
    @Test
    void everyNodeAgreesOnTheHolderWhateverHappensAmidTheHeal() throws Exception {
        NamesCluster.forEachSeed(RUNS, this::run);
    }

    private void run(long seed) throws Exception {
        Random rnd = new Random(seed);
        List<Registrant> registrants = new ArrayList<>();
        List<String> done = new ArrayList<>(); // what happened, for the failure's message
        try (NamesCluster cluster = new NamesCluster()) {
            List<Node> nodes = new ArrayList<>(List.of(cluster.node(4001), cluster.node(4002), cluster.node(4003)));
            try {
                List<Runnable> events = events(cluster, nodes, rnd, registrants, done);
                Collections.shuffle(events, rnd);
                for (Runnable e : events) {
                    e.run();
                    for (int steps = rnd.nextInt(9); steps > 0 && cluster.step(rnd); steps--) {
                        // a few deliveries between two events, so that events fall amid the exchanges
                    }
                }
                cluster.connectAll();
                cluster.settle(rnd, () -> registrants.stream().allMatch(r -> r.reply.isDone() || cluster.gone(r.home)));
                check(cluster, nodes, registrants, "seed " + seed + " " + done);
            } finally {
                registrants.forEach(r -> Messaging.send("stop", r.thread)); // an idle thread ends at its first message
            }
        }
    }

    private static List<Runnable> events(NamesCluster cluster, List<Node> nodes, Random rnd, List<Registrant> registrants,
                                         List<String> done) {
        List<Runnable> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // the heal, pair by pair
            int x = i;
            events.add(() -> {
                Node a = nodes.get(x);
                Node b = nodes.get((x + 1) % 3);
                if (!cluster.gone(a) && !cluster.gone(b) && !cluster.connected(a, b)) {
                    done.add("connect " + a + " " + b);
                    cluster.connect(a, b);
                }
            });
        }
        for (int k = 3 + rnd.nextInt(4); k > 0; k--) {
            int x = rnd.nextInt(3);
            events.add(() -> {
                Node a = nodes.get(x);
                LocalThread t = idle();
                done.add("register " + t + " at " + a);
                registrants.add(new Registrant(a, t, cluster.register(a, NAME, t)));
            });
        }
        for (int k = rnd.nextInt(3); k > 0; k--) {
            int x = rnd.nextInt(3);
            events.add(() -> {
                Node a = nodes.get(x);
                Node b = nodes.get((x + 1) % 3);
                if (cluster.connected(a, b)) {
                    done.add("cut " + a + " " + b);
                    cluster.disconnect(a, b, rnd);
                    cluster.connect(a, b); // dialed again at once
                }
            });
        }
        for (int k = rnd.nextInt(3); k > 0; k--) {
            int x = rnd.nextInt(3);
            events.add(() -> {
                done.add("unregister from " + nodes.get(x));
                cluster.unregister(nodes.get(x), NAME);
            });
        }
        for (int k = rnd.nextInt(3); k > 0; k--) {
            events.add(() -> {
                if (!registrants.isEmpty()) {
                    Registrant r = registrants.get(rnd.nextInt(registrants.size()));
                    if (!cluster.gone(r.home) && LocalThreads.exitReason(r.thread) == null) {
                        done.add("end " + r.thread);
                        cluster.end(r.home, r.thread);
                    }
                }
            });
        }
        if (rnd.nextInt(4) == 0) {
            int x = rnd.nextInt(3);
            events.add(() -> {
                done.add("restart " + nodes.get(x));
                nodes.set(x, cluster.restart(nodes.get(x), rnd));
            });
        }
        return events;
    }

    private static void check(NamesCluster cluster, List<Node> nodes, List<Registrant> registrants, String run) {
        List<Optional<Registrant>> shown = new ArrayList<>();
        for (Node n : nodes) {
            Optional<ThreadRef> v = n.views.whereis(NAME);
            shown.add(v.map(t -> registrants.stream().filter(r -> cluster.seenFrom(n, r.home, r.thread).equals(t)).findFirst()
                    .orElseThrow(() -> new AssertionError(run + ": " + n + " shows a stranger: " + t))));
        }
        assertThat(shown.stream().distinct()).as("%s: the holder each node shows", run).hasSize(1);
        List<Node> owners = nodes.stream().filter(n -> cluster.own(n, NAME) != null).toList();
        Optional<Registrant> holder = shown.getFirst();
        assertThat(owners).as("%s: the nodes whose own thread holds the name", run)
                .isEqualTo(holder.map(h -> List.of(h.home)).orElse(List.of()));
        holder.ifPresent(h -> assertThat(LocalThreads.exitReason(h.thread)).as("%s: the holder has not ended", run).isNull());
    }
}
