package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThreadException;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The thread that made a link across nodes and fails right after is seen by its partner with
 * its real reason, exactly once (Erlang's {@code spawn_request_link_parent_exit} and
 * {@code spawn_request_link_parent_exit_nodedown}): 10,000 parents on node A each link to a
 * child on node B and fail with {@code kaboom} at once or within 9 ms. Every child sees
 * {@code kaboom} once (or, if the connection is cut meanwhile, {@code noconnection} once): never
 * {@code noproc}, never both, never nothing. {@code -Dthreadwire.test.linkRounds=N} changes the
 * number of parents.
 */
class RemoteLinkExitReasonTest {
    private static final int ROUNDS = Integer.getInteger("threadwire.test.linkRounds", 10_000);

    /** What a child saw: the failures raised in it through its link, and whether its parent's handle reached it. */
    record Seen(int child, List<String> failures, boolean linked) {
    }

    /** A child's failures are described by reason: "kaboom" for the parent's, else the reason itself. */
    private static String describe(ExitReason reason) {
        if (reason instanceof ExitReason.Crashed c && c.exception() instanceof RemoteThreadException r
                && r.remoteClassName().equals(IllegalStateException.class.getName()) && "kaboom".equals(r.remoteMessage())) {
            return "kaboom";
        }
        return reason.toString();
    }

    /**
     * A child on B: notes its parent's handle when it comes (sent after the parent linked, so the
     * link is on B by then), and collects the failures raised in it until its fence: a call
     * through node A ({@code echo}), or a "fence" message from A.
     */
    private static Runnable child(int index, LocalThread collector, ThreadRef echo, AtomicInteger linkedCount,
                                  AtomicInteger failedCount) {
        return () -> {
            List<String> failures = new ArrayList<>();
            boolean linked = false;
            boolean fenced = false;
            while (!fenced) {
                try {
                    Object m = receive(LONG);
                    if (m instanceof ThreadRef) { // the parent's handle: the link is on this node
                        linked = true;
                        linkedCount.incrementAndGet();
                    } else if ("fence".equals(m)) {
                        fenced = true;
                    }
                } catch (LinkedThreadException e) {
                    failures.add(describe(e.reason()));
                    failedCount.incrementAndGet();
                    if (echo != null) { // no cut: fence with a round trip through A, then look once more
                        fenced = fenceThrough(echo, failures);
                    }
                } catch (RuntimeException unexpected) { // reported, so that the test names it
                    failures.add("unexpected " + unexpected);
                    fenced = true;
                }
            }
            send(new Seen(index, failures, linked), collector);
        };
    }

    private static boolean fenceThrough(ThreadRef echo, List<String> failures) {
        for (;;) {
            try {
                sendSynchronous("fence", echo, LONG);
                receive(Duration.ZERO);
            } catch (LinkedThreadException e) {
                failures.add(describe(e.reason()));
                continue;
            } catch (ReceiveTimeoutException nothingMore) {
                return true;
            }
            return true;
        }
    }

    /** A parent on A: links to its child, gives it its handle (after the link, on the same connection), fails after 0-9 ms. */
    private static Runnable parent(ThreadRef child, long delayMillis) {
        return () -> {
            link(child);
            send(self(), child);
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis); // the scenario's own delay, as in Erlang's case: not a wait for anything
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new IllegalStateException("kaboom");
        };
    }

    private static Map<Integer, Seen> collect(int n) {
        Map<Integer, Seen> seen = new HashMap<>();
        while (seen.size() < n) {
            Seen s = receive(Seen.class, LONG);
            assertThat(seen.put(s.child(), s)).as("child %d reports once", s.child()).isNull();
        }
        return seen;
    }

    /** Scenario: every parent fails with kaboom: every child sees kaboom, exactly once. */
    @Test
    void everyChildSeesItsParentsRealReasonOnce() {
        try (Cluster cluster = Cluster.of(2).start()) {
            Node a = cluster.node(0), b = cluster.node(1);
            LocalThread echo = a.spawn(() -> {
                for (;;) {
                    handleSynchronous(x -> x);
                }
            });
            LocalThread collector = self();
            SplittableRandom random = new SplittableRandom(ROUNDS);
            for (int i = 0; i < ROUNDS; i++) {
                LocalThread c = b.spawn(child(i, collector, echo, new AtomicInteger(), new AtomicInteger()));
                a.spawn(parent(c, random.nextInt(10)));
            }
            Map<Integer, Seen> seen = collect(ROUNDS);
            for (Seen s : seen.values()) {
                assertThat(s.failures()).as("child %d", s.child()).containsExactly("kaboom");
            }
        }
    }

    /**
     * Scenario: as above, and the connection is cut while the parents fail, then healed. Every
     * child that got its link sees exactly one of kaboom and noconnection.
     */
    @Test
    void everyChildSeesKaboomOrNoconnectionOnceWhenTheConnectionIsCut() {
        try (Cluster cluster = Cluster.of(2).start()) {
            Node a = cluster.node(0), b = cluster.node(1);
            LocalThread collector = self();
            SplittableRandom random = new SplittableRandom(ROUNDS + 1);
            List<LocalThread> children = new ArrayList<>();
            List<LocalThread> parents = new ArrayList<>();
            AtomicInteger linked = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            for (int i = 0; i < ROUNDS; i++) {
                LocalThread c = b.spawn(child(i, collector, null, linked, failed));
                children.add(c);
                parents.add(a.spawn(parent(c, random.nextInt(10))));
            }
            Timeouts.await(() -> failed.get() >= ROUNDS / 10, "a tenth of the parents failed");
            cluster.disconnect(a, b); // among parents failing, links being made, and items in flight
            for (LocalThread p : parents) {
                monitor(p);
            }
            for (int i = 0; i < parents.size(); i++) {
                receive(Down.class, LONG);
            }
            cluster.heal(a, b);
            cluster.run(a, () -> children.forEach(c -> send("fence", c))); // after anything the parents sent
            Map<Integer, Seen> seen = collect(ROUNDS);
            int cut = 0;
            for (Seen s : seen.values()) {
                assertThat(s.failures()).as("child %d: at most one failure", s.child()).hasSizeLessThanOrEqualTo(1);
                if (s.linked()) {
                    assertThat(s.failures()).as("child %d got its link: one failure", s.child()).hasSize(1);
                }
                if (!s.failures().isEmpty()) {
                    assertThat(s.failures().get(0)).isIn("kaboom", "noconnection");
                }
                if (s.failures().contains("noconnection")) {
                    cut++;
                }
            }
            System.out.printf("%d children saw their parent's kaboom, %d noconnection, %d were never linked%n",
                    seen.values().stream().filter(s -> s.failures().contains("kaboom")).count(), cut,
                    seen.values().stream().filter(s -> !s.linked()).count());
        }
    }
}
