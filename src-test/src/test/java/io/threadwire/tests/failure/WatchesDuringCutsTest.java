package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.demonitor;
import static io.threadwire.core.Messaging.link;
import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.unlink;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Monitors and links made while the connection is cut over and over leave nothing behind on the
 * far node (Erlang's {@code monitor_nodes_otp_6481} asks the same of node monitors): threads of
 * A monitor a thread of B and demonitor it, or link and unlink, in bursts of 400 that the test
 * disconnects A and B in the middle of, 200 times. A monitor removed while the next connection
 * is being made, or whose watch a loss takes (it reports {@code noconnection}) while its Monitor
 * is on the way, must not stay filed on B for as long as that connection lasts. At the end every
 * monitor and link is gone on A's side, so B holds none of A's: its {@code peerStateBytes} is
 * back at zero.
 */
class WatchesDuringCutsTest {
    private static final int CUTS = 200;
    private static final int WATCHERS = 2;
    /** Monitors made around each cut, a burst that the cut lands in. */
    private static final int PER_CUT = 400;

    @RegisterExtension
    final Cluster cluster = Cluster.of(2);

    @Test
    void monitorsMadeDuringCutsLeaveNothingOnTheWatchedNode() {
        churn("monitors", target -> demonitor(monitor(target))); // demonitor takes out its Down too, if it fired
    }

    @Test
    void linksMadeDuringCutsLeaveNothingOnTheLinkedNode() {
        churn("links", target -> {
            link(target);
            unlink(target); // from then on the link raises nothing here, even if a loss ended it
        });
    }

    /** Runs {@code watch} on a thread of B from {@link #WATCHERS} threads of A, {@link #PER_CUT} times around each cut. */
    private void churn(String what, Consumer<ThreadRef> watch) {
        Node a = cluster.node(0), b = cluster.node(1);
        ThreadRef target = b.spawn(() -> receive());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong made = new AtomicLong();
        Semaphore permits = new Semaphore(0);
        List<Worker<Void>> watchers = new ArrayList<>();
        for (int i = 0; i < WATCHERS; i++) {
            watchers.add(Worker.run(a, "watcher-" + i, () -> {
                for (;;) {
                    permits.acquire();
                    if (stop.get()) {
                        break;
                    }
                    watch.accept(target);
                    made.incrementAndGet();
                }
                assertNoDownLeft();
            }));
        }
        for (int cut = 0; cut < CUTS; cut++) {
            long goal = made.get() + PER_CUT;
            permits.release(PER_CUT);
            cluster.disconnect(a, b);
            cluster.heal(a, b);
            Timeouts.await(() -> made.get() >= goal, "the " + what + " of the burst made");
        }
        stop.set(true);
        permits.release(WATCHERS);
        watchers.forEach(Worker::join);
        System.out.printf("[%s during cuts] %,d made over %d cuts%n", what, made.get(), CUTS);
        try {
            Timeouts.await(() -> b.stats().peerStateBytes() == 0, "B holds none of A's " + what);
        } catch (AssertionError e) {
            assertThat(b.stats().peerStateBytes()).as("bytes B holds for A, all its " + what + " gone").isZero();
        }
    }

    private static void assertNoDownLeft() {
        try {
            Object left = receiveIf(m -> m instanceof Down, Duration.ZERO);
            throw new AssertionError("a Down of a monitor demonitored: " + left);
        } catch (ReceiveTimeoutException none) {
            // demonitor took every Down out
        }
    }
}
