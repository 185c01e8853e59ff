package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.link;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.unlink;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly one exit signal per link, under churn: threads of A link to threads of B and then
 * either tell the partner to crash (the link must raise exactly once, the crash or
 * {@code noconnection}) or unlink first (it must raise nothing), while the connection is cut
 * from either side again and again and B is restarted now and then. At the end, once both
 * nodes hold nothing of each other, no thread of A has a signal left over.
 */
class LinkSignalChurnTest {
    private static final int LINKERS = 4;
    private static final int CUTS = 150;
    private static final int RESTART_EVERY = 50;

    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    @Test
    void eachLinkRaisesOnceOrNotAtAll() {
        Node a = cluster.node(0);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong raised = new AtomicLong();
        AtomicLong unlinked = new AtomicLong();
        CountDownLatch settled = new CountDownLatch(1);
        List<Worker<Void>> linkers = new ArrayList<>();
        for (int i = 0; i < LINKERS; i++) {
            linkers.add(Worker.run(a, "linker-" + i, () -> {
                while (!stop.get()) {
                    Partner p = partnerOn(cluster.node(1));
                    LocalThread partner = p.thread();
                    link(partner);
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        unlink(partner);
                        send("crash", partner);
                        unlinked.incrementAndGet();
                    } else {
                        send("crash", partner);
                        try {
                            receive(Timeouts.LONG);
                            throw new AssertionError("a linker received a message; it expected its partner's signal");
                        } catch (LinkedThreadException e) { // the crash, or noconnection: of this partner, once
                            assertThat(e.thread()).as("the thread whose end was signalled")
                                    .isIn(partner, new RemoteThread.ById(p.node().address(), p.node().incarnation(), partner.id()));
                            raised.incrementAndGet();
                        }
                    }
                }
                settled.await();
                try {
                    receive(Duration.ZERO);
                    throw new AssertionError("a linker received a message after the churn");
                } catch (ReceiveTimeoutException none) {
                    // no signal left over: no link raised twice, and no unlinked one raised
                }
            }));
        }
        for (int cut = 1; cut <= CUTS; cut++) {
            Node b = cluster.node(1);
            if (cut % RESTART_EVERY == 0) {
                cluster.restart(b);
            } else if (cut % 2 == 0) {
                cluster.disconnect(a, b);
                cluster.heal(a, b);
            } else {
                cluster.disconnect(b, a); // closed from the far side
                cluster.heal(b, a);
            }
            long goal = raised.get() + unlinked.get() + LINKERS;
            Timeouts.await(() -> raised.get() + unlinked.get() >= goal, "the linkers made more links after cut " + cut);
        }
        stop.set(true);
        Node b = cluster.node(1);
        Timeouts.await(() -> a.stats().peerStateBytes() == 0 && b.stats().peerStateBytes() == 0,
                "A and B hold no links of each other");
        settled.countDown();
        linkers.forEach(Worker::join);
        System.out.printf("[link signals] %,d links raised once, %,d unlinked raised nothing, over %d cuts%n",
                raised.get(), unlinked.get(), CUTS);
    }

    private record Partner(Node node, LocalThread thread) {
    }

    /** A thread of {@code b} that crashes when told; if {@code b} is being restarted, of the node that replaces it. */
    private Partner partnerOn(Node b) {
        try {
            return new Partner(b, b.spawn(() -> {
                receive();
                throw new IllegalStateException("partner crashed as told");
            }));
        } catch (IllegalStateException closed) {
            Timeouts.await(() -> cluster.node(1) != b, "B restarted");
            return partnerOn(cluster.node(1));
        }
    }
}
