package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.CallFailedException;
import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.MonitorRef;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The no-holes and exactly-one-signal guarantees under connection churn (Erlang's
 * {@code monitor_nodes_otp_6481}, {@code monitor_nodes_order} and {@code remote_remove_monitor},
 * run together): threads of node A stream numbered messages (one in 2,000 of them 128 KiB, in
 * fragments that the other streams' messages pass) to monitored threads of B and of a
 * third node C, threads of B to threads of A (so that either node may dial the next connection
 * while it still reports the loss of the last), a thread of each of A and B holds thousands of
 * monitors on threads of the other (so that reporting a loss takes a while), and a thread of A
 * watches B and C. Meanwhile the connections are
 * cut from both sides, cut from one side or the other, and C is restarted on its port.
 *
 * <p>Checked at the end: every stream arrived in order, and each message missing from it is
 * covered by a {@code Down} its sender found after sending it and before the send of the next
 * message that arrived returned (the sender looks after each send); no monitor fired twice and none was lost (what {@code demonitor} finds live is
 * exactly what was made and not reported down); node events never bring a {@code NodeUp} before
 * the {@code NodeDown} of the connection before it; once every monitor is reported down or
 * demonitored, each node's {@code peerStateBytes} is back at zero (nothing a peer held leaked in
 * the node-wide count).
 *
 * <p>{@code -Dthreadwire.test.churnSeconds=N} (default 10) and
 * {@code -Dthreadwire.test.churnMonitors=N} (default 5,000) change its length and weight.
 */
class ChurnSoakTest {
    private static final String SECRET = "churn-soak-test-secret-0123456789";
    private static final Duration CHURN = Duration.ofSeconds(Long.getLong("threadwire.test.churnSeconds", 10));
    private static final int HELD_MONITORS = Integer.getInteger("threadwire.test.churnMonitors", 5_000);
    private static final int STREAMS_EACH_WAY = 3;
    private static final int STREAMS_TO_C = 2;
    private static final int MAX_SEQ = 2_000_000;
    private static final int WINDOW = 500;
    /** One message in this many is big enough to travel in fragments, which the others pass. */
    private static final int BIG_EVERY = 2_000;

    /** Message {@code n} of a stream as a 128 KiB array: three fragments. */
    private static int[] big(int n) {
        int[] big = new int[32 << 10];
        big[0] = n;
        return big;
    }

    /** What one stream's sender did and its receiver got. Sender fields are written by the sender only. */
    static final class Stream {
        final String name;
        final List<Integer> received = Collections.synchronizedList(new ArrayList<>());
        final TreeSet<Integer> downsAfter = new TreeSet<>(); // a Down was seen once this many messages were sent
        final List<String> violations = new ArrayList<>();
        int sent;

        Stream(String name) {
            this.name = name;
        }
    }

    /**
     * Monitors made minus Downs received, per target, and the monitors not yet accounted for: a
     * Down beyond the monitors made is a monitor firing twice; once every monitor of a target is
     * reported down, demonitor must find none of them live (they are then forgotten, so a
     * thread that monitors again after each Down holds a bounded book however long it runs); at
     * the end, demonitor must find live exactly the monitors not reported down.
     */
    static final class MonitorBook {
        private final Map<ThreadRef, Integer> outstanding = new HashMap<>();
        private final Map<ThreadRef, List<MonitorRef>> made = new HashMap<>();
        final List<String> violations = new ArrayList<>();

        void monitorAgain(ThreadRef target) {
            made.computeIfAbsent(target, t -> new ArrayList<>()).add(monitor(target));
            outstanding.merge(target, 1, Integer::sum);
        }

        /** Counts {@code down}; true if no monitor of its target is left (so it may be monitored again). */
        boolean down(Down down) {
            int left = outstanding.merge(down.ref(), -1, Integer::sum);
            if (left < 0) {
                violations.add("a Down beyond the monitors made on " + down.ref() + ": " + down.reason());
                outstanding.put(down.ref(), 0);
            }
            if (!down.reason().equals(ExitReason.NOCONNECTION) && !down.reason().equals(ExitReason.NOPROC)
                    && !down.reason().equals(ExitReason.SHUTDOWN)) {
                violations.add("unexpected reason " + down.reason());
            }
            if (left <= 0) {
                int live = demonitorAll(made.remove(down.ref()));
                if (live > 0) {
                    violations.add(live + " monitors of " + down.ref() + " were live after all were reported down");
                }
            }
            return left <= 0;
        }

        /** Takes every Down already delivered, then demonitors every monitor not accounted for and compares. */
        void settle() {
            for (Down d = pollDown(); d != null; d = pollDown()) {
                down(d);
            }
            int expectedLive = outstanding.values().stream().mapToInt(Integer::intValue).sum();
            int live = 0;
            for (List<MonitorRef> refs : made.values()) {
                live += demonitorAll(refs);
            }
            if (live != expectedLive) {
                violations.add(live + " monitors were live at the end, " + expectedLive
                        + " were made and not reported down");
            }
        }

        private static int demonitorAll(List<MonitorRef> refs) {
            int live = 0;
            for (MonitorRef r : refs == null ? List.<MonitorRef>of() : refs) {
                if (demonitor(r)) {
                    live++;
                }
            }
            return live;
        }
    }

    private static Down pollDown() {
        try {
            return (Down) receiveIf(m -> m instanceof Down, Duration.ZERO);
        } catch (ReceiveTimeoutException none) {
            return null;
        }
    }

    /** A receiver: notes every number, answers the sender's final call once it has all that came before. */
    private static Runnable receiver(Stream stream) {
        return () -> {
            for (;;) {
                Object m = receive();
                if (m instanceof Integer n) {
                    stream.received.add(n);
                } else if (m instanceof int[] big) {
                    stream.received.add(big[0]);
                } else if (m instanceof Synchronous call) {
                    replySynchronous("fenced", call);
                }
            }
        };
    }

    /**
     * A sender: monitors {@code target} and streams numbers to it until told to stop; after a
     * {@code noconnection} Down it monitors again and goes on (a stream that {@code persistent} is
     * false for ends at its first Down). It ends with a call through the stream, which returns
     * once all that was sent before has arrived or been reported lost.
     */
    private static Worker<MonitorBook> sender(Node a, Stream stream, ThreadRef target, boolean persistent,
                                              AtomicBoolean stop) {
        return Worker.start(a, stream.name, () -> {
            MonitorBook book = new MonitorBook();
            book.monitorAgain(target);
            boolean going = true;
            while (going && !stop.get() && stream.sent < MAX_SEQ) {
                int n = stream.sent++;
                send(n % BIG_EVERY == BIG_EVERY - 1 ? big(n) : (Object) n, target);
                if (stream.sent % WINDOW == 0) {
                    awaitWindow(target);
                }
                for (Down d = pollDown(); d != null && going; d = pollDown()) {
                    stream.downsAfter.add(stream.sent);
                    if (book.down(d)) {
                        if (persistent && d.reason().equals(ExitReason.NOCONNECTION)) {
                            book.monitorAgain(target);
                        } else {
                            going = false;
                        }
                    }
                }
            }
            if (going) {
                fence(stream, target);
            }
            for (Down late = pollDown(); late != null; late = pollDown()) {
                stream.downsAfter.add(stream.sent + 1); // after the last send: covers only the end of the stream
                book.down(late);
            }
            book.settle();
            return book;
        });
    }

    /**
     * Waits until the receiver has taken what was sent so far, as a sender with a window of
     * messages in flight would. A call that fails tells nothing here: the loss it saw is the
     * stream's monitor's to report.
     */
    private static void awaitWindow(ThreadRef target) {
        try {
            sendSynchronous("window", target, LONG);
        } catch (CallFailedException lost) {
            // the Down of the stream's monitor follows
        }
    }

    /** The final call of a stream: a noconnection failure (a loss still being reported) is retried. */
    private static void fence(Stream stream, ThreadRef target) {
        long deadline = System.nanoTime() + LONG.toNanos();
        for (;;) {
            try {
                sendSynchronous("fence", target, LONG);
                return;
            } catch (CallFailedException e) {
                // a call kept for a connection attempt that fails is lost with it (both nodes
                // dialing as the churn ends may take a few attempts): try again, within LONG
                if (System.nanoTime() - deadline > 0 || !e.reason().equals(ExitReason.NOCONNECTION)) {
                    stream.violations.add("the final call failed: " + e);
                    return;
                }
            }
        }
    }

    /** The numbers missing from a stream without a Down to cover them, and any disorder. */
    static List<String> holes(Stream s) {
        List<Integer> got;
        synchronized (s.received) {
            got = List.copyOf(s.received);
        }
        List<String> found = new ArrayList<>(s.violations);
        int expected = 0;
        for (int i = 0; i <= got.size(); i++) {
            int next = i < got.size() ? got.get(i) : s.sent; // the end of the stream: its fence, or the Down that ended it
            if (next < expected) {
                found.add(s.name + ": " + next + " arrived after " + (expected - 1));
                continue;
            }
            if (next > expected) {
                // expected .. next-1 are missing: their Down must have been delivered after they were
                // sent, and before the send of the next one that arrived returned
                Integer down = s.downsAfter.ceiling(expected + 1);
                if (down == null || down > next + 1) {
                    found.add(s.name + ": " + expected + ".." + (next - 1) + " lost, then " + (i < got.size()
                            ? next + " delivered" : "the stream ended") + ", with no Down in between (Downs after "
                            + s.downsAfter.subSet(Math.max(0, expected - 3), true, next + 3, true) + ")");
                }
            }
            expected = next + 1;
        }
        return found;
    }

    /** Watches {@code nodes} until told to stop; returns the events per node, in order. */
    private static Worker<Map<Object, List<Object>>> nodeWatcher(Node a, List<io.threadwire.core.NodeAddress> nodes) {
        return Worker.start(a, "node-watcher", () -> {
            Map<Object, List<Object>> events = new HashMap<>();
            for (var n : nodes) {
                a.monitorNode(n);
                events.put(n, new ArrayList<>());
            }
            for (;;) {
                Object m = receive(LONG.multipliedBy(4));
                switch (m) {
                    case NodeUp up -> events.get(up.node()).add(up);
                    case NodeDown down -> events.get(down.node()).add(down);
                    default -> {
                        return events;
                    }
                }
            }
        });
    }

    /**
     * A thread of {@code on} that holds {@code count} monitors on as many threads of
     * {@code other}, monitoring each again after its Down; told a thread of {@code other} to call,
     * it fences through it (every loss is reported once a call through the new connection has
     * come back) and settles its book.
     */
    private static Worker<MonitorBook> holder(Node on, Node other, int count) {
        List<ThreadRef> held = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            held.add(other.spawn(() -> receive()));
        }
        return Worker.start(on, "holder", () -> {
            MonitorBook book = new MonitorBook();
            held.forEach(book::monitorAgain);
            for (;;) {
                Object m = receive(LONG.multipliedBy(4));
                if (m instanceof Down d) {
                    if (book.down(d)) {
                        book.monitorAgain(d.ref());
                    }
                } else {
                    sendSynchronous("fence", (ThreadRef) m, LONG);
                    book.settle();
                    return book;
                }
            }
        });
    }

    private static void settleHolder(Cluster cluster, Worker<MonitorBook> holder, Node on, Node other,
                                     Map<String, List<String>> problems) {
        LocalThread echo = other.spawn(() -> handleSynchronous(x -> x));
        cluster.run(on, () -> send(echo, holder.thread()));
        MonitorBook book = holder.join();
        if (!book.violations.isEmpty()) {
            problems.put("holder on " + on.address(), book.violations);
        }
    }

    private static Node startC(int port) {
        return Node.start(NodeConfig.builder().host("127.0.0.1").port(port).secret(SECRET).build());
    }

    /** Scenario: see the class comment. */
    @Test
    void noHolesAndOneSignalEachUnderChurn() {
        try (Cluster cluster = Cluster.of(2, b -> b.secret(SECRET)).start()) {
            Node a = cluster.node(0), b = cluster.node(1);
            Node c = startC(0);
            int cPort = c.address().port();
            AtomicBoolean stop = new AtomicBoolean();
            List<Stream> streams = new ArrayList<>();
            List<Worker<MonitorBook>> senders = new ArrayList<>();
            for (int i = 0; i < STREAMS_EACH_WAY; i++) { // both ways, so that both nodes dial and accept
                Stream toB = new Stream("a-to-b-" + i);
                streams.add(toB);
                senders.add(sender(a, toB, b.spawn(receiver(toB)), true, stop));
                Stream toA = new Stream("b-to-a-" + i);
                streams.add(toA);
                senders.add(sender(b, toA, a.spawn(receiver(toA)), true, stop));
            }
            Worker<MonitorBook> holderOnA = holder(a, b, HELD_MONITORS / 2);
            Worker<MonitorBook> holderOnB = holder(b, a, HELD_MONITORS / 2);
            Worker<Map<Object, List<Object>>> watcher = nodeWatcher(a, List.of(b.address(), c.address()));
            SplittableRandom random = new SplittableRandom(42);
            long end = System.nanoTime() + CHURN.toNanos();
            int cuts = 0, restarts = 0, streamedToC = -1;
            while (System.nanoTime() < end) {
                for (int i = 0; i < STREAMS_TO_C && streamedToC < restarts; i++) { // C's streams end with C
                    Stream s = new Stream("to-c" + restarts + "-" + i);
                    streams.add(s);
                    senders.add(sender(a, s, c.spawn(receiver(s)), false, stop));
                }
                streamedToC = restarts;
                int action = random.nextInt(restarts < 3 ? 7 : 6);
                switch (action) {
                    case 0, 1 -> Cuts.fromBoth(cluster, a, b);
                    case 2, 3 -> Cuts.closedBy(b, a);
                    case 4, 5 -> Cuts.closedBy(a, b);
                    default -> {
                        c.close();
                        c = startC(cPort);
                        restarts++;
                    }
                }
                cuts++;
                long before = totalReceived(streams);
                Timeouts.await(() -> totalReceived(streams) > before + 50, "the streams go on after the churn");
            }
            stop.set(true);
            Map<String, List<String>> problems = new HashMap<>();
            for (int i = 0; i < senders.size(); i++) {
                MonitorBook book = senders.get(i).join();
                List<String> found = new ArrayList<>(holes(streams.get(i)));
                found.addAll(book.violations);
                if (!found.isEmpty()) {
                    problems.put(streams.get(i).name, found);
                }
            }
            settleHolder(cluster, holderOnA, a, b, problems);
            settleHolder(cluster, holderOnB, b, a, problems);
            // every monitor is now reported down or demonitored: what each node held for its peers
            // (their monitors, and queues past their limits) is all given back, however many cuts
            // and restarts it went through
            for (Node n : List.of(a, b)) {
                try {
                    Timeouts.await(() -> n.stats().peerStateBytes() == 0, "the peers' state on " + n.address() + " given back");
                } catch (AssertionError e) {
                    problems.put("peer state on " + n.address(), List.of(n.stats().peerStateBytes() + " bytes still held"));
                }
            }
            cluster.run(a, () -> send("done", watcher.thread()));
            Map<Object, List<Object>> events = watcher.join();
            for (var e : events.entrySet()) {
                Object previous = null;
                for (Object event : e.getValue()) {
                    if (previous instanceof NodeUp && event instanceof NodeUp) {
                        problems.computeIfAbsent("node events of " + e.getKey(), k -> new ArrayList<>())
                                .add("NodeUp after NodeUp: " + e.getValue());
                        break;
                    }
                    previous = event;
                }
            }
            long sent = streams.stream().mapToLong(s -> s.sent).sum();
            System.out.printf("churn: %d cuts (%d restarts of C), %d messages sent in %d streams, %d received,"
                    + " %d Downs seen by senders, %d node events%n", cuts, restarts, sent, streams.size(),
                    totalReceived(streams), streams.stream().mapToInt(s -> s.downsAfter.size()).sum(),
                    events.values().stream().mapToInt(List::size).sum());
            c.close();
            assertThat(problems).as("holes, doubled or lost signals, node events out of order").isEmpty();
        }
    }

    private static long totalReceived(List<Stream> streams) {
        long n = 0;
        for (Stream s : streams) {
            n += s.received.size();
        }
        return n;
    }
}
