package io.threadwire.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * An unbounded mailbox: many threads put, one thread (the owner) takes.
 *
 * <p>Implementation: the inbound queue is an intrusive multi-producer single-consumer linked
 * list (a producer swaps itself in as the tail with one atomic exchange, then links its
 * predecessor to it), so a put never waits for another put or for the consumer, and one
 * producer's messages keep their order. Messages the owner has looked at and not taken
 * (selective receive) move to {@link #saved}, which is older than everything still inbound,
 * so scanning {@code saved} first and then the inbound queue visits messages in arrival order.
 *
 * <p>Waiting: the owner publishes itself in {@link #waiter}, checks the queue once more and
 * parks. A producer links its node and then reads {@link #waiter}. Both sides write one
 * volatile and then read the other's, so at least one of them sees the other: a message is
 * never left behind a parked owner, and the owner never spins. Parking a virtual thread
 * releases its carrier.
 *
 * <p>Signals (a linked thread's failure) travel beside the messages in {@link #signals} and
 * are raised by the owner's next take, whatever it is waiting for.
 *
 * <p>A put is linked in two steps (swap the tail, then link the predecessor), so for an
 * instant a node can be in the queue but not yet reachable from {@link #head}. Only
 * {@link #removeExactly} must see every node put before it started; it waits out that
 * instant.
 */
public final class Mailbox {

    /** Returned by {@link #take} when the deadline passed. */
    public static final Object TIMED_OUT = new Object();
    /** Returned by {@link #take} when its {@code until} condition became true. */
    public static final Object CONDITION_MET = new Object();
    /** A deadline that never comes. */
    public static final long NO_DEADLINE = Long.MIN_VALUE;

    private static final VarHandle TAIL;
    private static final VarHandle SIGNALS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(Mailbox.class, "tail", Node.class);
            SIGNALS = lookup.findVarHandle(Mailbox.class, "signals", SignalNode.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Node {
        Object item;
        volatile Node next;

        Node(Object item) {
            this.item = item;
        }
    }

    private record SignalNode(Object signal, SignalNode next) {
    }

    @SuppressWarnings("unused") // written through TAIL
    private volatile Node tail;
    private Node head;                         // owner only: the last node taken (a stub)
    private ArrayDeque<Object> saved;          // owner only: looked at, not taken, in arrival order
    private volatile Thread waiter;            // the owner while it is (about to be) parked
    @SuppressWarnings("unused") // written through SIGNALS
    private volatile SignalNode signals;       // newest first
    private ArrayDeque<Object> pendingSignals; // owner only: taken from signals, oldest first
    private volatile boolean closed;

    public Mailbox() {
        Node stub = new Node(null);
        head = stub;
        tail = stub;
    }

    /** Appends a message; false (and nothing appended) if the mailbox is closed. Never blocks. */
    public boolean put(Object message) {
        if (closed) {
            return false;
        }
        Node node = new Node(message);
        Node previous = (Node) TAIL.getAndSet(this, node);
        previous.next = node;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
        return true;
    }

    /** Adds a signal that the owner's next take raises. False if the mailbox is closed. */
    public boolean signal(Object signal) {
        if (closed) {
            return false;
        }
        SignalNode current;
        do {
            current = signals;
        } while (!SIGNALS.compareAndSet(this, current, new SignalNode(signal, current)));
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
        return true;
    }

    /** Owner only: the oldest pending signal, removed, or null. */
    public Object pollSignal() {
        drainSignals();
        return pendingSignals == null ? null : pendingSignals.pollFirst();
    }

    /** Owner only: removes every pending signal {@code which} accepts; returns how many. */
    public int removeSignals(Predicate<Object> which) {
        drainSignals();
        if (pendingSignals == null) {
            return 0;
        }
        int before = pendingSignals.size();
        pendingSignals.removeIf(which);
        return before - pendingSignals.size();
    }

    /** Owner only: moves the signals added since the last drain to {@link #pendingSignals}, oldest first. */
    private void drainSignals() {
        if (signals == null) {
            return;
        }
        SignalNode taken = (SignalNode) SIGNALS.getAndSet(this, (SignalNode) null);
        ArrayDeque<Object> reversed = new ArrayDeque<>();
        for (SignalNode n = taken; n != null; n = n.next) {
            reversed.addFirst(n.signal);
        }
        if (pendingSignals == null) {
            pendingSignals = reversed;
        } else {
            pendingSignals.addAll(reversed);
        }
    }

    /**
     * Wakes the owner if it is parked in {@link #take}, without giving it anything: its
     * {@code until} condition is looked at again. Never blocks.
     */
    public void wake() {
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /**
     * Owner only: takes the oldest message that {@code filter} accepts (any message if null),
     * waiting until {@code deadline} ({@link System#nanoTime()} based, or {@link #NO_DEADLINE}).
     * Returns {@link #TIMED_OUT} when the deadline passes. Messages the filter rejects stay, in
     * order. {@code checkpoint} runs first, before each wait, and on each message taken from the
     * queue before it is looked at (so a signal added before that message was put wins over it);
     * it may throw to end the take (a pending signal, an interrupt), and then no message is taken.
     */
    public Object take(Predicate<Object> filter, long deadline, Runnable checkpoint) {
        return take(filter, deadline, checkpoint, null);
    }

    /**
     * As {@link #take(Predicate, long, Runnable)}, also returning {@link #CONDITION_MET} as soon
     * as {@code until} (if not null) is true, before it looks at any message and whenever it
     * is about to wait. Whoever makes {@code until} true must then call {@link #wake}.
     */
    public Object take(Predicate<Object> filter, long deadline, Runnable checkpoint, BooleanSupplier until) {
        checkpoint.run();
        if (until != null && until.getAsBoolean()) {
            return CONDITION_MET;
        }
        boolean yielded = false;
        if (saved != null && !saved.isEmpty()) {
            for (Iterator<Object> it = saved.iterator(); it.hasNext(); ) {
                Object m = it.next();
                if (filter == null || filter.test(m)) {
                    it.remove();
                    return m;
                }
            }
        }
        for (;;) {
            Object m = poll();
            if (m != null) {
                try {
                    // A signal added before this message was put (an exit, then a message, from one
                    // sender) comes first: it is raised now, and the message keeps its place.
                    checkpoint.run();
                } catch (RuntimeException | Error e) {
                    saved().addLast(m);
                    throw e;
                }
                if (filter == null) {
                    return m;
                }
                boolean accepted;
                try {
                    accepted = filter.test(m);
                } catch (RuntimeException | Error e) {
                    saved().addLast(m); // a throwing filter loses no message
                    throw e;
                }
                if (accepted) {
                    return m;
                }
                saved().addLast(m);
                continue;
            }
            checkpoint.run();
            Thread me = Thread.currentThread();
            if (me.isVirtual() && !yielded) {
                // A virtual thread gives its carrier to whoever it may just have woken (its partner
                // in a request/response exchange) before it parks: the answer often arrives during
                // the yield, and an unpark and a park are saved.
                yielded = true;
                Thread.yield();
                continue;
            }
            waiter = me;
            try {
                if (head.next != null || signals != null) {
                    continue;
                }
                if (until != null && until.getAsBoolean()) {
                    return CONDITION_MET; // read after publishing waiter: a wake() after this unparks us
                }
                if (deadline == NO_DEADLINE) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return TIMED_OUT;
                    }
                    LockSupport.parkNanos(this, left);
                }
            } finally {
                waiter = null;
            }
        }
    }

    /** Owner only: takes the oldest message without waiting; null if there is none. */
    public Object tryTake() {
        if (saved != null && !saved.isEmpty()) {
            return saved.pollFirst();
        }
        return poll();
    }

    /** Owner only: whether a message is waiting. */
    public boolean hasMessages() {
        return (saved != null && !saved.isEmpty()) || head.next != null;
    }

    /** Owner only: the oldest inbound message, removed, or null. Ignores {@link #saved}. */
    private Object poll() {
        Node next = head.next;
        if (next == null) {
            return null;
        }
        head = next;
        Object m = next.item;
        next.item = null; // the node is now the stub: it must not keep the message alive
        return m;
    }

    private ArrayDeque<Object> saved() {
        if (saved == null) {
            saved = new ArrayDeque<>();
        }
        return saved;
    }

    /**
     * Owner only: removes the message {@code message} (compared by identity) wherever it is;
     * the others keep their order. Returns whether it was there.
     */
    public boolean removeExactly(Object message) {
        Node last = tail; // every put that began before this call ends at or before it
        while (head != last) {
            Object m = poll();
            if (m == null) {
                // A put before `last` has swapped the tail but not yet linked its node: it is between
                // two instructions, so waiting for it is short.
                Thread.onSpinWait();
                continue;
            }
            saved().addLast(m);
        }
        if (saved == null) {
            return false;
        }
        for (Iterator<Object> it = saved.iterator(); it.hasNext(); ) {
            if (it.next() == message) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /**
     * Owner only, once: refuses further puts and discards what is queued. Returns the number of
     * messages discarded. A put racing with close may still land; it is garbage once the
     * mailbox is unreachable.
     */
    public int close() {
        closed = true;
        int dropped = saved == null ? 0 : saved.size();
        saved = null;
        while (poll() != null) {
            dropped++;
        }
        signals = null;
        pendingSignals = null;
        return dropped;
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        return closed;
    }
}
