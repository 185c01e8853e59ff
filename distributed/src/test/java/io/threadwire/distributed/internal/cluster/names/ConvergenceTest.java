package io.threadwire.distributed.internal.cluster.names;

import static io.threadwire.distributed.internal.cluster.FakeClusterPort.idle;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.internal.cluster.Reply;
import io.threadwire.distributed.internal.cluster.names.NamesCluster.Node;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Claim;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Entry;
import io.threadwire.testkit.Timeouts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random interleavings of heals, cuts, unregistrations, holders ending and nodes leaving, over
 * three made-up nodes that each registered one name apart: once every node left is connected
 * and nothing is in flight, all agree on one holder or none, and they settle there.
 */
class ConvergenceTest {
    private static final String NAME = "n";
    /** Runs per test, each from its seed ({@link NamesCluster#forEachSeed}). */
    private static final int RUNS = 400;

    /** One thread that registered the name at its home, and whether it stopped wanting it (unregistered, ended, home gone). */
    private static final class Registrant {
        final Node home;
        final LocalThread thread;
        Claim claim;
        boolean withdrawn;

        Registrant(Node home, LocalThread thread) {
            this.home = home;
            this.thread = thread;
        }

        @Override
        public String toString() {
            return thread + "@" + home + (withdrawn ? " (withdrawn)" : "");
        }
    }

    /** After any interleaving, every node shows the same holder of a name, or none only if no registrant that still wants it was passed over. */
    @Test
    void everyNodeAgreesOnOneHolderAndNoneOnlyIfNoLiveRegistrantWantsIt() throws Exception {
        NamesCluster.forEachSeed(RUNS, this::run);
    }

    private void run(long seed) throws Exception {
        Random rnd = new Random(seed);
        List<Registrant> registrants = new ArrayList<>();
        try (NamesCluster cluster = new NamesCluster()) {
            List<Node> nodes = List.of(cluster.node(4001), cluster.node(4002), cluster.node(4003));
            try {
                holdApart(cluster, nodes, rnd, registrants);
                scramble(cluster, nodes, rnd, registrants);
                cluster.connectAll();
                cluster.settle(rnd);
                Map<Node, Optional<ThreadRef>> views = check(cluster, nodes, registrants, "seed " + seed);
                for (Node n : nodes) { // a fresh exchange of names on every connection changes nothing
                    for (Node o : nodes) {
                        if (n.info.address().port() < o.info.address().port() && cluster.connected(n, o)) {
                            cluster.disconnect(n, o, null);
                        }
                    }
                }
                cluster.connectAll();
                cluster.settle(rnd);
                assertThat(check(cluster, nodes, registrants, "seed " + seed + ", after a fresh exchange"))
                        .as("seed %d: the views after a fresh exchange of names", seed).isEqualTo(views);
            } finally {
                registrants.forEach(r -> Messaging.send("stop", r.thread)); // an idle thread ends at its first message
            }
        }
    }

    /** Two or three nodes, each alone, register the name for a thread of theirs, in a random order. */
    private static void holdApart(NamesCluster cluster, List<Node> nodes, Random rnd, List<Registrant> registrants) {
        List<Node> order = new ArrayList<>(nodes);
        Collections.shuffle(order, rnd);
        int count = 2 + rnd.nextInt(2);
        for (Node n : order.subList(0, count)) {
            Registrant r = new Registrant(n, idle());
            Reply reply = cluster.register(n, NAME, r.thread);
            cluster.settle();
            assertThat(reply.isDone()).as("a registration of a node alone answered").isTrue();
            r.claim = cluster.own(n, NAME).claim();
            registrants.add(r);
            // Claims are stamped in milliseconds, a tie going to the smaller address: the next
            // registration falls in a later one, so that the order of registration is that of age.
            Timeouts.await(() -> System.currentTimeMillis() > r.claim.registeredAtMillis(), "the clock passes a registration's millisecond");
        }
    }

    /**
     * The heal, pair by pair in a random order, amid withdrawals (each registrant's with some
     * chance), cuts of a connection (losing what is in flight from a random point), perhaps a
     * node leaving for good, and a few random deliveries between any two of these.
     */
    private static void scramble(NamesCluster cluster, List<Node> nodes, Random rnd, List<Registrant> registrants) {
        List<Runnable> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Node x = nodes.get(i);
            Node y = nodes.get((i + 1) % 3);
            events.add(() -> {
                if (!cluster.gone(x) && !cluster.gone(y) && !cluster.connected(x, y)) {
                    cluster.connect(x, y);
                }
            });
        }
        for (int cuts = rnd.nextInt(3); cuts > 0; cuts--) {
            Node x = nodes.get(rnd.nextInt(3));
            Node y = nodes.get((nodes.indexOf(x) + 1) % 3);
            events.add(() -> {
                if (cluster.connected(x, y)) {
                    cluster.disconnect(x, y, rnd);
                    cluster.connect(x, y); // it is dialed again at once; the heal is the end that matters
                }
            });
        }
        for (Registrant r : registrants) {
            if (rnd.nextInt(5) < 2) {
                boolean unregister = rnd.nextBoolean();
                events.add(() -> withdraw(cluster, r, unregister));
            }
        }
        if (rnd.nextInt(8) == 0) {
            Node x = nodes.get(rnd.nextInt(3));
            events.add(() -> {
                cluster.leave(x, rnd);
                registrants.stream().filter(o -> o.home == x).forEach(o -> o.withdrawn = true);
            });
        }
        Collections.shuffle(events, rnd);
        for (Runnable e : events) {
            e.run();
            for (int steps = rnd.nextInt(9); steps > 0 && cluster.step(rnd); steps--) {
                // a few deliveries between two events, so that events fall amid the exchanges
            }
        }
    }

    /** {@code r}'s thread stops wanting the name: it is unregistered at its home (if it holds it there), or ends. */
    private static void withdraw(NamesCluster cluster, Registrant r, boolean unregister) {
        if (r.withdrawn || cluster.gone(r.home)) {
            return;
        }
        if (unregister && holdsItsOwn(cluster, r)) {
            cluster.unregister(r.home, NAME);
        } else {
            cluster.end(r.home, r.thread);
        }
        r.withdrawn = true;
    }

    /** Whether {@code r}'s home holds the name for it and shows it so (an unregistration there frees r's). */
    private static boolean holdsItsOwn(NamesCluster cluster, Registrant r) {
        Entry own = cluster.own(r.home, NAME);
        return own != null && own.claim().equals(r.claim) && r.home.views.whereis(NAME).filter(r.thread::equals).isPresent();
    }

    /** The properties of a settled cluster; returns each node's view of the name. */
    private static Map<Node, Optional<ThreadRef>> check(NamesCluster cluster, List<Node> nodes, List<Registrant> registrants,
                                                        String run) {
        List<Node> left = nodes.stream().filter(n -> !cluster.gone(n)).toList();
        Map<Node, Optional<ThreadRef>> views = new HashMap<>();
        Map<Node, Optional<Registrant>> shown = new HashMap<>();
        for (Node n : left) {
            Optional<ThreadRef> v = n.views.whereis(NAME);
            views.put(n, v);
            shown.put(n, v.map(t -> registrants.stream().filter(r -> cluster.seenFrom(n, r.home, r.thread).equals(t))
                    .findFirst().orElseThrow(() -> new AssertionError(run + ": " + n + " shows a stranger: " + t))));
        }
        assertThat(shown.values().stream().distinct()).as("%s: the holder each node shows (%s)", run, registrants).hasSize(1);
        Optional<Registrant> holder = shown.get(left.getFirst());
        List<Node> owners = left.stream().filter(n -> cluster.own(n, NAME) != null).toList();
        assertThat(owners).as("%s: the nodes whose own thread holds the name", run).hasSizeLessThanOrEqualTo(1);
        holder.ifPresent(h -> {
            assertThat(h.withdrawn).as("%s: the holder shown, %s, still wants the name", run, h).isFalse();
            assertThat(owners).as("%s: the holder's home holds it", run).containsExactly(h.home);
        });
        for (Registrant r : registrants) {
            if (!r.withdrawn && holder.filter(r::equals).isEmpty()) {
                boolean toldByAnOlderHome = registrants.stream()
                        .anyMatch(o -> o.claim.compareTo(r.claim) < 0 && cluster.heardFromHome(r.home, o.claim));
                assertThat(toldByAnOlderHome).as("%s: %s, which still wants the name, gave it up (holder shown: %s) only to an"
                        + " older registration whose own home told its home of it", run, r, holder).isTrue();
            }
        }
        return views;
    }
}
