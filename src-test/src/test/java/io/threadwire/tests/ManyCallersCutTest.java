package io.threadwire.tests;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.replySynchronous;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.CallFailedException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.tests.support.Tolerant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many callers of one remote server whose connection is cut while their calls wait: each gets
 * exactly one outcome, the connection's loss (their calls have no timeout); and the replies
 * the server sends later, twice each, never reach a caller's mailbox as messages.
 */
class ManyCallersCutTest {
    private static final int CALLERS = 10_000;

    /** What a caller reports to the test thread: its outcome, then whether its mailbox stayed clean. */
    record Outcome(int caller, String what) {
    }

    @RegisterExtension
    final Cluster cluster = Cluster.of(2, Tolerant::tolerant);

    /**
     * Scenario: 10,000 threads of A call one thread of B without a timeout; B holds the
     * requests; the link is cut once half have arrived. Every caller fails with noconnection,
     * once (its call has no timeout: the loss alone ends it). After the heal, B answers each request it holds twice and then sends
     * its caller a fence: the first message the caller finds after its failure is the fence.
     */
    @Test
    void tenThousandCallersOfACutNodeEachGetOneFailureAndNoStrayReply() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread test = self();
        AtomicInteger held = new AtomicInteger();
        LocalThread server = b.spawn(() -> {
            List<Synchronous> requests = new ArrayList<>();
            for (;;) {
                Object m = receive();
                if (m instanceof Synchronous r) {
                    requests.add(r);
                    held.incrementAndGet();
                } else { // the heal: answer late, twice, then fence every caller
                    for (Synchronous r : requests) {
                        replySynchronous("late", r);
                        replySynchronous("twice", r);
                    }
                    for (Object caller : (List<?>) m) {
                        send("fence", (ThreadRef) caller); // a remote handle on B
                    }
                }
            }
        });
        List<LocalThread> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            int n = i;
            callers.add(a.spawn(() -> {
                String what;
                try {
                    what = "reply " + sendSynchronous(n, server);
                } catch (CallFailedException e) {
                    what = e.reason().toString();
                }
                send(new Outcome(n, what), test);
                Object next = receive(LONG);
                send(new Outcome(n, "next: " + next), test);
            }));
        }
        Timeouts.await(() -> held.get() >= CALLERS / 2, "half the requests held by the server");
        cluster.disconnect(a, b);
        assertThat(collect()).as("calls without a timeout, ended by the loss alone").isEqualTo(Map.of("noconnection", CALLERS));

        cluster.heal(a, b);
        cluster.run(a, () -> send(List.copyOf(callers), server));
        assertThat(collect()).isEqualTo(Map.of("next: fence", CALLERS));
    }

    /** One report from each caller, counted by what it says. */
    private static Map<String, Integer> collect() {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < CALLERS; i++) {
            counts.merge(receive(Outcome.class, LONG).what(), 1, Integer::sum);
        }
        return counts;
    }
}
