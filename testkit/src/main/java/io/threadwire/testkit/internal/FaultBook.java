package io.threadwire.testkit.internal;

import io.threadwire.distributed.Node;
import io.threadwire.distributed.spi.Faults;
import io.threadwire.distributed.spi.LinkFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults in force on a cluster, and every fault put on it or lifted since it started (for
 * failure messages). Putting or lifting a link fault installs, on both nodes of the link, the
 * filter that the faults then in force make ({@link KitLinkFilter}); a node fault goes to the
 * node's hooks. Thread-safe: the test's thread and a chaos run may use it at once; one change
 * at a time.
 */
public final class FaultBook {
    private static final Logger LOG = LoggerFactory.getLogger("io.threadwire.testkit.faults");

    private final IntFunction<Node> node; // the running node at an index, or null if crashed
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Fault, Long> inForce = new LinkedHashMap<>(); // fault -> since (nanoTime)
    private final List<String> log = new ArrayList<>();
    private final Set<Integer> touched = new TreeSet<>(); // nodes a fault ever involved
    private final long startedAt = System.nanoTime();

    public FaultBook(IntFunction<Node> node) {
        this.node = node;
    }

    /**
     * Puts {@code fault} in force (replacing one of its kind on the same link; a crash ends the
     * node's freeze); true if it was not in force.
     */
    public boolean put(Fault fault) {
        lock.lock();
        try {
            if (inForce.containsKey(fault)) {
                return false;
            }
            inForce.keySet().removeIf(f -> sameSlot(f, fault)
                    || fault instanceof Fault.Crash c && f.equals(new Fault.Freeze(c.node()))); // a crash ends a freeze
            inForce.put(fault, System.nanoTime());
            for (int n : fault.nodes()) {
                touched.add(n);
            }
            record("put " + fault);
            apply(fault);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Lifts {@code fault} if it is in force; true if it was. */
    public boolean lift(Fault fault) {
        lock.lock();
        try {
            if (inForce.remove(fault) == null) {
                return false;
            }
            record("lift " + fault);
            unapply(fault);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Lifts every link fault between {@code a} and {@code b}, both ways. */
    public void healLink(int a, int b) {
        lock.lock();
        try {
            for (Fault f : List.copyOf(inForce.keySet())) {
                int[] n = f.nodes();
                if (f.isLinkFault() && (n[0] == a && n[1] == b || n[0] == b && n[1] == a)) {
                    lift(f);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lifts every fault but crashes (a crashed node stays down until restarted); returns what was lifted. */
    public List<Fault> liftAll() {
        lock.lock();
        try {
            List<Fault> lifted = new ArrayList<>();
            for (Fault f : List.copyOf(inForce.keySet())) {
                if (!(f instanceof Fault.Crash) && lift(f)) {
                    lifted.add(f);
                }
            }
            return lifted;
        } finally {
            lock.unlock();
        }
    }

    /** Node {@code index} was restarted: its crash is over, and the link faults in force act on its new incarnation. */
    public void restarted(int index) {
        lock.lock();
        try {
            if (inForce.remove(new Fault.Crash(index)) != null) {
                record("restart n" + index);
            }
            for (Fault f : inForce.keySet()) {
                if (f.isLinkFault() && (f.nodes()[0] == index || f.nodes()[1] == index)) {
                    install(f.nodes()[0], f.nodes()[1]);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code fault} is in force. */
    public boolean isInForce(Fault fault) {
        lock.lock();
        try {
            return inForce.containsKey(fault);
        } finally {
            lock.unlock();
        }
    }

    /** The faults in force, oldest first. */
    public List<Fault> inForce() {
        lock.lock();
        try {
            return List.copyOf(inForce.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** The nodes any fault ever involved. */
    public Set<Integer> touched() {
        lock.lock();
        try {
            return Set.copyOf(touched);
        } finally {
            lock.unlock();
        }
    }

    /** The faults in force with how long they have been, e.g. {@code freeze(n1) for 120 ms}; "none" if none. */
    public String describeInForce() {
        lock.lock();
        try {
            if (inForce.isEmpty()) {
                return "none";
            }
            long now = System.nanoTime();
            List<String> parts = new ArrayList<>();
            inForce.forEach((f, since) -> parts.add(f + " for " + TimeUnit.NANOSECONDS.toMillis(now - since) + " ms"));
            return String.join(", ", parts);
        } finally {
            lock.unlock();
        }
    }

    /** Every fault put or lifted, with when (ms since the cluster started). */
    public List<String> history() {
        lock.lock();
        try {
            return List.copyOf(log);
        } finally {
            lock.unlock();
        }
    }

    private void record(String what) {
        String line = "+" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt) + " ms " + what;
        log.add(line);
        LOG.info("{}", line);
    }

    private static boolean sameSlot(Fault a, Fault b) {
        return a.getClass() == b.getClass() && a.isLinkFault() && a.nodes()[0] == b.nodes()[0] && a.nodes()[1] == b.nodes()[1];
    }

    private void apply(Fault fault) {
        switch (fault) {
            case Fault.Freeze f -> hooks(f.node()).ifPresent(h -> h.freeze());
            case Fault.Crash c -> hooks(c.node()).ifPresent(h -> h.crash());
            default -> install(fault.nodes()[0], fault.nodes()[1]);
        }
    }

    private void unapply(Fault fault) {
        switch (fault) {
            case Fault.Freeze f -> hooks(f.node()).ifPresent(h -> h.thaw());
            case Fault.Crash c -> {
            }
            default -> install(fault.nodes()[0], fault.nodes()[1]);
        }
    }

    /** Installs on {@code a} and on {@code b} the filters the faults in force make for their link. */
    private void install(int a, int b) {
        List<Fault> faults = List.copyOf(inForce.keySet());
        Node na = node.apply(a);
        Node nb = node.apply(b);
        if (na == null || nb == null) {
            return; // a crashed node has no links; its restart installs them
        }
        LinkFilter ab = KitLinkFilter.of(a, b, faults);
        LinkFilter ba = KitLinkFilter.of(b, a, faults);
        boolean wasCut = !Faults.of(na).filter(nb.address()).connects()
                || !Faults.of(nb).filter(na.address()).connects();
        Faults.of(na).filter(nb.address(), ab);
        Faults.of(nb).filter(na.address(), ba);
        if (wasCut && ab.connects() && ba.connects()) {
            // Only now can neither side refuse the other: an attempt either made while one still
            // did fails, and what the test sends next must not join it
            Faults.of(na).awaitAttemptInFlight(nb.address());
            Faults.of(nb).awaitAttemptInFlight(na.address());
        }
    }

    private java.util.Optional<io.threadwire.distributed.spi.NodeFaults> hooks(int index) {
        Node n = node.apply(index);
        return n == null || n.isClosed() ? java.util.Optional.empty() : java.util.Optional.of(Faults.of(n));
    }
}
