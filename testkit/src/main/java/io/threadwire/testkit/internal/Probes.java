package io.threadwire.testkit.internal;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NoSuchThreadException;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadwireException;
import io.threadwire.distributed.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether two nodes reach each other: from a thread of one, a synchronous call to a name no
 * thread of the other holds. It fails with {@link NoSuchThreadException} only once the call's
 * monitor has gone there and its answer has come back, over a connection both ways: a round
 * trip. A call that fails otherwise (the connection is being lost, or cannot be made yet) is
 * tried again until the bound.
 */
final class Probes {
    private static final String NO_ONE = "threadwire-kit-probe";
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Probes() {
    }

    /** What a probe thread tells the closing thread. */
    private record Outcome(Object token, String from, String to, String failure) {
    }

    /**
     * Probes, both ways and all at once, every pair of running nodes of which one is in
     * {@code touched}; returns the pairs that did not reach each other, described.
     */
    static List<String> reachAgain(ClusterNodes nodes, Set<Integer> touched) {
        List<int[]> pairs = new ArrayList<>();
        for (int t : touched) {
            for (int u = 0; u < nodes.size(); u++) {
                if (u != t && nodes.running(t) != null && nodes.running(u) != null
                        && !(touched.contains(u) && u < t)) { // a pair of two touched nodes once
                    pairs.add(new int[] {t, u});
                    pairs.add(new int[] {u, t});
                }
            }
        }
        if (pairs.isEmpty()) {
            return List.of();
        }
        Duration bound = CloseChecks.reachBound(nodes.node(0));
        LocalThread closer = Messaging.self();
        Object token = new Object();
        for (int[] p : pairs) {
            Node from = nodes.running(p[0]);
            Node to = nodes.running(p[1]);
            String fromName = nodes.describe(p[0]);
            String toName = nodes.describe(p[1]);
            from.spawn("threadwire-kit-probe", () -> Messaging.send(new Outcome(token, fromName, toName,
                    probe(to, bound)), closer));
        }
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            Outcome o;
            try {
                o = (Outcome) Messaging.receiveIf(m -> m instanceof Outcome x && x.token() == token, bound.plus(bound));
            } catch (ReceiveTimeoutException e) {
                failed.add((pairs.size() - i) + " probes between nodes never reported");
                break;
            }
            if (o.failure() != null) {
                failed.add("after the faults were lifted, " + o.from() + " did not reach " + o.to() + " within " + bound
                        + ": " + o.failure());
            }
        }
        return failed;
    }

    /** On a thread of the probing node: null once {@code to} answered, else the last failure. */
    private static String probe(Node to, Duration bound) {
        RemoteThread noOne = RemoteThread.named(to.address(), NO_ONE);
        long deadline = System.nanoTime() + bound.toNanos();
        String last = "no answer";
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            try {
                Messaging.sendSynchronous("probe", noOne, Duration.ofNanos(left));
                return "a thread answered as " + NO_ONE;
            } catch (NoSuchThreadException expected) {
                return null; // the round trip was made
            } catch (ReceiveTimeoutException e) {
                last = "no answer";
            } catch (ThreadwireException e) {
                last = e.toString();
                LockSupport.parkNanos(RETRY_NANOS); // the connection is being lost or made: try again shortly
            }
        }
        return last;
    }
}
