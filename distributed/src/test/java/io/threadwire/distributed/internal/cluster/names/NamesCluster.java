package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.FakeClusterPort;
import io.threadwire.distributed.internal.cluster.Reply;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Claim;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Entry;
import io.threadwire.distributed.internal.node.PeerEvent;
import io.threadwire.distributed.internal.node.PeerInfo;
import io.threadwire.distributed.internal.node.ServiceMessage;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The global-names services of several made-up nodes, each on its own thread with its own fake
 * engine, and the connections between them as queues that the test delivers from one message
 * at a time: orderings that real sockets make rare are made at will, and a random run is
 * replayed from its seed. What a connection carries keeps its order, as a real one does; a
 * connection's loss reaches each end after what arrived on it and before anything of the next.
 */
final class NamesCluster implements AutoCloseable {
    private static final int MAX_STEPS = 100_000; // far more than any test needs: more means the services never settle

    /** One node: its engine, its service (run only on its own thread) and what the service sent itself. */
    final class Node {
        final PeerInfo info;
        final NameViews views = new NameViews();
        private final FakeClusterPort port;
        private final ExecutorService thread = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
        private final Deque<Object> mailbox = new ArrayDeque<>(); // its own messages, not yet handed to it
        private final Map<Long, LocalThread> threads = new HashMap<>(); // by id: those it registered names for
        private NamesService service;
        private int routed;                                        // port.sent entries already put on the wires
        private boolean gone;

        Node(PeerInfo info) {
            made.add(this);
            this.info = info;
            this.port = new FakeClusterPort(ClusterLimits.DEFAULT, info.address(), info.incarnation());
        }

        @Override
        public String toString() {
            return info.address().toString();
        }
    }

    private final Map<NodeAddress, Node> nodes = new LinkedHashMap<>(); // the current incarnation at each address
    private final List<Node> made = new ArrayList<>();                 // every incarnation: each has a thread to stop
    /** By (from, to): what {@code to} is yet to receive over its connection with {@code from}, events included. */
    private final Map<List<NodeAddress>, Deque<Object>> wires = new HashMap<>();
    private final Set<Set<NodeAddress>> connected = new HashSet<>();
    /** (receiver, claim): the receiver was told of the claim by the claim's home itself. */
    private final Set<List<Object>> heardFromHome = new HashSet<>();

    /** One random run of a test, made from {@code seed}. */
    interface Run {
        void run(long seed) throws Exception;
    }

    /** Runs {@code run} for seeds 0 to {@code runs - 1}, or for the one seed {@code -Dthreadwire.test.namesSeed=S} replays. */
    static void forEachSeed(int runs, Run run) throws Exception {
        String replay = System.getProperty("threadwire.test.namesSeed");
        if (replay != null) {
            run.run(Long.parseLong(replay));
            return;
        }
        for (long seed = 0; seed < runs; seed++) {
            run.run(seed);
        }
    }

    /** A node at 127.0.0.1:{@code port}, connected to nobody. */
    Node node(int port) {
        Node n = new Node(new PeerInfo(new NodeAddress("127.0.0.1", port), 1, "", false));
        nodes.put(n.info.address(), n);
        run(n, () -> {
            n.service = n.port.startNames(n.views);
            return null;
        });
        return n;
    }

    List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    // ---- what users do ---------------------------------------------------------------------------

    /** Starts registering {@code name} for {@code thread} at its home {@code n}; deliveries complete it. */
    Reply register(Node n, String name, LocalThread thread) {
        Reply r = new Reply();
        n.threads.put(thread.id(), thread);
        run(n, () -> {
            n.service.handle(new NamesRequests.Register(name, thread, r));
            return null;
        });
        return r;
    }

    /** Starts unregistering {@code name} from {@code n}; deliveries complete it. */
    Reply unregister(Node n, String name) {
        Reply r = new Reply();
        run(n, () -> {
            n.service.handle(new NamesRequests.Unregister(name, r));
            return null;
        });
        return r;
    }

    /** Ends {@code thread}, of node {@code n}, and waits until {@code n}'s service has its notice if it held names there. */
    void end(Node n, LocalThread thread) {
        boolean held = run(n, () -> n.service.table().holdsAny(thread));
        Messaging.send("stop", thread); // an idle thread ends at its first message
        if (held) {
            Timeouts.await(() -> {
                run(n, () -> null); // takes in what reached its mailbox
                return n.mailbox.contains(new NamesRequests.Exited(thread));
            }, n + " told that " + thread + " ended");
        }
    }

    // ---- the network ---------------------------------------------------------------------------

    boolean connected(Node a, Node b) {
        return connected.contains(Set.of(a.info.address(), b.info.address()));
    }

    /** A connection between {@code a} and {@code b} comes up: each is told, behind what it has yet to receive of the other. */
    void connect(Node a, Node b) {
        if (a.gone || b.gone || a == b || !connected.add(Set.of(a.info.address(), b.info.address()))) {
            throw new IllegalStateException("cannot connect " + a + " and " + b);
        }
        wire(b, a).add(new PeerEvent.PeerUp(b.info));
        wire(a, b).add(new PeerEvent.PeerUp(a.info));
    }

    /**
     * The connection between {@code a} and {@code b} is lost. With {@code rnd}, the messages still
     * in flight each way are lost from a random point on; without, they all arrive first.
     */
    void disconnect(Node a, Node b, Random rnd) {
        if (!connected.remove(Set.of(a.info.address(), b.info.address()))) {
            throw new IllegalStateException(a + " and " + b + " are not connected");
        }
        for (List<Node> way : List.of(List.of(a, b), List.of(b, a))) {
            Deque<Object> w = wire(way.get(0), way.get(1));
            if (rnd != null) {
                List<Object> items = new ArrayList<>(w);
                int cut = rnd.nextInt(items.size() + 1);
                w.clear();
                for (int i = 0; i < items.size(); i++) {
                    if (i < cut || !(items.get(i) instanceof InFlight)) {
                        w.add(items.get(i));
                    }
                }
            }
            w.add(new PeerEvent.PeerDown(way.get(0).info, "connection lost", false));
        }
    }

    /** Node {@code n} stops for good: its connections are lost, and it is never delivered to again. */
    void leave(Node n, Random rnd) {
        for (Node o : nodes.values()) {
            if (o != n && connected(n, o)) {
                disconnect(n, o, rnd);
            }
        }
        n.gone = true;
        n.mailbox.clear();
        nodes.values().forEach(o -> wire(o, n).clear());
    }

    /** Node {@code n} stops and starts again at its address, as a new incarnation that holds no names: returns the new one. */
    Node restart(Node n, Random rnd) {
        leave(n, rnd);
        Node again = new Node(new PeerInfo(n.info.address(), n.info.incarnation() + 1, "", false));
        nodes.put(again.info.address(), again);
        run(again, () -> {
            again.service = again.port.startNames(again.views);
            return null;
        });
        return again;
    }

    /** Connects every pair of nodes still there that is not connected. */
    void connectAll() {
        List<Node> all = nodes.values().stream().filter(n -> !n.gone).toList();
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                if (!connected(all.get(i), all.get(j))) {
                    connect(all.get(i), all.get(j));
                }
            }
        }
    }

    // ---- deliveries ----------------------------------------------------------------------------

    /** Hands {@code to} the next thing {@code from} sent it (or told of it); false if there is none. */
    boolean deliver(Node from, Node to) {
        Deque<Object> w = wire(from, to);
        if (w.isEmpty() || to.gone) {
            return false;
        }
        handOver(to, w.poll());
        return true;
    }

    /** Hands {@code n} the next message it sent itself; false if there is none. */
    boolean deliverOwn(Node n) {
        if (n.mailbox.isEmpty() || n.gone) {
            return false;
        }
        Object m = n.mailbox.poll();
        run(n, () -> {
            n.service.handle(m);
            return null;
        });
        return true;
    }

    /** Puts {@code m} on the wire from {@code from} to {@code to}, as if {@code from}'s service had sent it. */
    void forge(Node from, Node to, NamesProtocol m) {
        wire(from, to).add(new InFlight(from, m));
    }

    /** Delivers everything {@code from} has sent {@code to} so far, in order. */
    void deliverAll(Node from, Node to) {
        while (deliver(from, to)) {
            // one at a time: what is sent meanwhile goes behind
        }
    }

    /**
     * One delivery, of a randomly chosen node's next message from a random sender (a message may
     * overtake its connection's PeerUp, as it can in the engine); false if nothing is in flight.
     */
    boolean step(Random rnd) {
        List<Runnable> choices = new ArrayList<>();
        for (Node to : nodes.values()) {
            if (to.gone) {
                continue;
            }
            if (!to.mailbox.isEmpty()) {
                choices.add(() -> deliverOwn(to));
            }
            for (Node from : nodes.values()) {
                Deque<Object> w = wire(from, to);
                if (!w.isEmpty()) {
                    choices.add(() -> {
                        List<Object> items = new ArrayList<>(w);
                        if (items.size() > 1 && items.get(0) instanceof PeerEvent.PeerUp
                                && items.get(1) instanceof InFlight && rnd.nextBoolean()) {
                            w.remove(items.get(1)); // removes the first occurrence: the one behind the PeerUp
                            handOver(to, items.get(1));
                        } else {
                            deliver(from, to);
                        }
                    });
                }
            }
        }
        if (choices.isEmpty()) {
            return false;
        }
        choices.get(rnd.nextInt(choices.size())).run();
        return true;
    }

    /** Delivers in a random order until nothing is in flight. */
    void settle(Random rnd) {
        for (int i = 0; i < MAX_STEPS; i++) {
            if (!step(rnd)) {
                return;
            }
        }
        throw new AssertionError("the names services kept sending after " + MAX_STEPS + " deliveries");
    }

    /** Delivers, in order of the nodes and senders, until nothing is in flight. */
    void settle() {
        for (int i = 0; i < MAX_STEPS; i++) {
            boolean any = false;
            for (Node to : nodes.values()) {
                any |= deliverOwn(to);
                for (Node from : nodes.values()) {
                    any |= deliver(from, to);
                }
            }
            if (!any) {
                return;
            }
        }
        throw new AssertionError("the names services kept sending after " + MAX_STEPS + " rounds");
    }

    /**
     * Delivers in a random order until nothing is in flight and {@code done} holds, taking in
     * meanwhile what timers send the services (a registration retries after a random delay).
     */
    void settle(Random rnd, BooleanSupplier done) {
        settle(rnd);
        Timeouts.await(() -> {
            nodes.values().stream().filter(n -> !n.gone).forEach(n -> run(n, () -> null));
            settle(rnd);
            return done.getAsBoolean();
        }, "the names services settle");
    }

    // ---- what a node's service holds -------------------------------------------------------------

    /** {@code n}'s own entry for {@code name}, or null. */
    Entry own(Node n, String name) {
        return run(n, () -> n.service.table().own(name));
    }

    /** Whether {@code n} was told of {@code claim} by the claim's home itself (a Sync, Commit or Registered of it). */
    boolean heardFromHome(Node n, Claim claim) {
        return heardFromHome.contains(List.of(n.info.address(), claim));
    }

    boolean gone(Node n) {
        return n.gone;
    }

    // ---- plumbing ------------------------------------------------------------------------------

    private Deque<Object> wire(Node from, Node to) {
        return wires.computeIfAbsent(List.of(from.info.address(), to.info.address()), k -> new ArrayDeque<>());
    }

    /** A message on a wire, and the incarnation that sent it (a node restarted may have sent some of those before it). */
    private record InFlight(Node from, NamesProtocol message) {
    }

    private void handOver(Node to, Object item) {
        Object received = item;
        if (item instanceof InFlight(Node from, NamesProtocol m)) {
            recordHeard(from, to, m);
            received = new ServiceMessage(from.info, carry(from, to, m));
        }
        Object handed = received;
        run(to, () -> {
            to.service.handle(handed);
            return null;
        });
    }

    /** {@code t}, a thread of {@code home}, as {@code viewer} sees it: itself at home, a handle elsewhere. */
    ThreadRef seenFrom(Node viewer, Node home, LocalThread t) {
        return viewer == home ? t : new RemoteThread.ById(home.info.address(), home.info.incarnation(), t.id());
    }

    /** {@code m} as {@code to} decodes it: threads of {@code from} become handles, handles of {@code to}'s threads the threads. */
    private NamesProtocol carry(Node from, Node to, NamesProtocol m) {
        return switch (m) {
            case NamesProtocol.Sync s -> new NamesProtocol.Sync(s.protocol(), s.own().stream().map(e -> carry(from, to, e)).toList());
            case NamesProtocol.Commit c -> new NamesProtocol.Commit(c.name(), c.reqId(), carry(from, to, c.entry()));
            case NamesProtocol.Registered r -> new NamesProtocol.Registered(carry(from, to, r.entry()));
            case NamesProtocol.Taken t -> new NamesProtocol.Taken(t.name(), t.reqId(), carry(from, to, t.holder()));
            case NamesProtocol.Conflict c -> new NamesProtocol.Conflict(c.name(), c.loser(), carry(from, to, c.winner()));
            default -> m;
        };
    }

    private Entry carry(Node from, Node to, Entry e) {
        ThreadRef t = e.thread();
        if (t instanceof LocalThread local) {
            t = seenFrom(to, from, local);
        } else if (t instanceof RemoteThread.ById h && h.node().equals(to.info.address())
                && h.incarnation() == to.info.incarnation() && to.threads.containsKey(h.id())) {
            t = to.threads.get(h.id());
        }
        return new Entry(e.name(), t, e.claim());
    }

    private void recordHeard(Node from, Node to, NamesProtocol m) {
        List<Entry> entries = switch (m) {
            case NamesProtocol.Sync s -> s.own();
            case NamesProtocol.Commit c -> List.of(c.entry());
            case NamesProtocol.Registered r -> List.of(r.entry());
            default -> List.of();
        };
        for (Entry e : entries) {
            if (e.claim().home().equals(from.info.address())) {
                heardFromHome.add(List.of(to.info.address(), e.claim()));
            }
        }
    }

    /**
     * Runs {@code action} on {@code n}'s thread, then takes in what reached its mailbox and puts
     * what it sent on the wires (dropped where there is no connection, as the engine does).
     */
    private <T> T run(Node n, Callable<T> action) {
        T value;
        try {
            value = n.thread.submit(() -> {
                T v = action.call();
                for (;;) {
                    try {
                        n.mailbox.add(Messaging.receive(Duration.ZERO));
                    } catch (ReceiveTimeoutException e) {
                        return v;
                    }
                }
            }).get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("on " + n + ": " + e, e);
        }
        List<FakeClusterPort.Sent> sent = n.port.sent;
        for (; n.routed < sent.size(); n.routed++) {
            FakeClusterPort.Sent s = sent.get(n.routed);
            if (s.message() instanceof String cut) {
                throw new AssertionError(n + " cut off " + s.to() + ": " + cut);
            }
            Node to = nodes.get(s.to());
            if (to != null && !to.gone && connected(n, to)) {
                wire(n, to).add(new InFlight(n, (NamesProtocol) s.message()));
            }
        }
        return value;
    }

    @Override
    public void close() throws InterruptedException {
        for (Node n : made) {
            n.thread.shutdownNow();
            if (!n.thread.awaitTermination(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(n + "'s thread did not end");
            }
        }
    }
}
