package io.threadwire.tests.cluster;

import static io.threadwire.core.Messaging.receive;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.GlobalNames;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registration is safe against several nodes registering one name at the same moment. */
class SimultaneousRegistrationTest {
    private static final int ROUNDS = 100;

    @RegisterExtension
    final Cluster cluster = Cluster.of(5, Fast::cluster).seededBy(0);

    /** Scenario: in each of 100 rounds a thread on every node registers the round's name at one signal: exactly one succeeds, and every node shows it. */
    @Test
    void exactlyOneOfFiveSimultaneousRegistrationsWins() throws Exception {
        cluster.awaitMesh();
        for (int round = 0; round < ROUNDS; round++) {
            String name = "x" + round;
            CountDownLatch go = new CountDownLatch(1);
            List<LocalThread> threads = new ArrayList<>();
            List<CompletableFuture<Boolean>> results = new ArrayList<>();
            for (Node n : cluster.nodes()) {
                LocalThread t = n.spawn(() -> receive());
                threads.add(t);
                CompletableFuture<Boolean> result = new CompletableFuture<>();
                results.add(result);
                n.spawn(() -> {
                    try {
                        go.await();
                        result.complete(GlobalNames.register(name, t));
                    } catch (Throwable e) {
                        result.completeExceptionally(e);
                    }
                });
            }
            go.countDown();
            int winners = 0;
            LocalThread winner = null;
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
                    winners++;
                    winner = threads.get(i);
                }
            }
            assertThat(winners).as("winners of round " + round).isEqualTo(1);
            Node home = cluster.nodes().get(threads.indexOf(winner));
            ThreadRef handle = Handles.of(home, winner);
            for (Node n : cluster.nodes()) {
                ThreadRef expected = n == home ? winner : handle;
                assertThat(cluster.call(n, () -> GlobalNames.whereis(name))).as("round %d on %s", round, n.address())
                        .contains(expected);
            }
            threads.forEach(t -> Messaging.exit(t, "round over"));
        }
        for (Node n : cluster.nodes()) {
            Timeouts.await(() -> cluster.call(n, GlobalNames::registeredNames).equals(Set.of()),
                    n.address() + " frees every name once its thread ended");
        }
    }

    /** Scenario: 10 times, a thread on every node registers the same 20 names, each in its own order, all at once: every name has exactly one holder, the same on every node. */
    @Test
    void manyNamesAtOnceHaveOneHolderEach() throws Exception {
        cluster.awaitMesh();
        for (int round = 0; round < 10; round++) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                names.add("r" + round + "-n" + i);
            }
            CountDownLatch go = new CountDownLatch(1);
            List<LocalThread> threads = new ArrayList<>();
            List<CompletableFuture<List<String>>> won = new ArrayList<>();
            for (Node n : cluster.nodes()) {
                LocalThread t = n.spawn(() -> receive());
                threads.add(t);
                CompletableFuture<List<String>> result = new CompletableFuture<>();
                won.add(result);
                List<String> order = new ArrayList<>(names);
                Collections.shuffle(order);
                n.spawn(() -> {
                    try {
                        go.await();
                        List<String> mine = new ArrayList<>();
                        for (String name : order) {
                            if (GlobalNames.register(name, t)) {
                                mine.add(name);
                            }
                        }
                        result.complete(mine);
                    } catch (Throwable e) {
                        result.completeExceptionally(e);
                    }
                });
            }
            go.countDown();
            Map<String, Integer> holders = new HashMap<>();
            for (int i = 0; i < won.size(); i++) {
                for (String name : won.get(i).get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
                    assertThat(holders.put(name, i)).as("a second winner of " + name).isNull();
                }
            }
            assertThat(holders.keySet()).as("round " + round).containsExactlyInAnyOrderElementsOf(names);
            for (String name : names) {
                int home = holders.get(name);
                for (Node n : cluster.nodes()) {
                    ThreadRef expected = n == cluster.nodes().get(home) ? threads.get(home)
                            : Handles.of(cluster.nodes().get(home), threads.get(home));
                    assertThat(cluster.call(n, () -> GlobalNames.whereis(name))).as("%s on %s", name, n.address())
                            .contains(expected);
                }
            }
            threads.forEach(t -> Messaging.exit(t, "round over"));
        }
    }
}
