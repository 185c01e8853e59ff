package io.threadwire.core.internal;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * An unbounded mailbox: many threads put, one thread (the owner) takes, in arrival order or
 * selectively. The queue and the owner's waiting are {@link InboundQueue}'s.
 *
 * <p>Messages the owner has looked at and not taken (selective receive) move to {@link #saved},
 * which is older than everything still inbound, so scanning {@code saved} first and then the
 * inbound queue visits messages in arrival order.
 *
 * <p>Signals (a linked thread's failure) are nodes of the same queue, so they keep their place
 * among the messages: a take raises a signal when its scan reaches it, after the messages put
 * before it and before those put after it, whatever filter the take has. A wait that takes no
 * message (a synchronous call) raises one at once with {@link #raiseSignal}.
 *
 * <p>The checkpoint a take is given runs before the take returns a message or raises a signal,
 * with the message still in place, and before each wait: so an exit signal (which the
 * checkpoint throws) sent before a message is raised before that message can be taken.
 */
public final class Mailbox extends InboundQueue {

    /** Returned by {@link #take} when the deadline passed. */
    public static final Object TIMED_OUT = InboundQueue.TIMED_OUT;
    /** Returned by {@link #take} when its {@code until} condition became true. */
    public static final Object CONDITION_MET = InboundQueue.CONDITION_MET;
    /** A deadline that never comes. */
    public static final long NO_DEADLINE = InboundQueue.NO_DEADLINE;

    /**
     * What {@link #offer} did with a message, or {@link #offerAll} with a run (see also the
     * negative outcome they describe).
     */
    public static final int REFUSED = 0, QUEUED = InboundQueue.QUEUED, WOKE_OWNER = InboundQueue.WOKE_OWNER;

    /** What a take runs before it returns a message or raises a signal, and before each wait. */
    @FunctionalInterface
    public interface Checkpoint {
        /** Throws to end the take (an exit signal, an interrupt); takes nothing from the mailbox. */
        void check();
    }

    /** A signal in the queue: raised, not returned, when a take reaches it. */
    private record Signal(RuntimeException exception) {
    }

    private ArrayDeque<Object> saved;          // owner only: looked at, not taken, in arrival order
    private volatile boolean signalPending;    // a signal was put since the owner last looked for one
    /*
     * 64 bytes after the fields the owner writes at every take (InboundQueue's head and woken), as
     * QueuePadding keeps 71 before them, so that whatever the heap puts next (often the thread's
     * handle, which every send reads) is not on that line. On JDK 21 to 24 `saved` comes after
     * them: read at every take, written about never. Figures in docs/benchmarks.md.
     */
    @SuppressWarnings("unused") // only there to take room
    private byte e00, e01, e02, e03, e04, e05, e06, e07, e08, e09, e10, e11, e12, e13, e14, e15,
            e16, e17, e18, e19, e20, e21, e22, e23, e24, e25, e26, e27, e28, e29, e30, e31,
            e32, e33, e34, e35, e36, e37, e38, e39, e40, e41, e42, e43, e44, e45, e46, e47,
            e48, e49, e50, e51, e52, e53, e54, e55, e56, e57, e58, e59, e60, e61, e62, e63;

    /** Appends a message; false if the mailbox is closed, or closed as it landed and the put took it back. Never blocks. */
    public boolean put(Object message) {
        return offer(message) > REFUSED;
    }

    /**
     * Appends a message and wakes the owner if it is parked. Returns {@link #REFUSED} (nothing
     * appended) if the mailbox is closed, {@link #WOKE_OWNER} if the owner was parked and has
     * been made runnable, else {@link #QUEUED}. If the owner closed the mailbox as the message
     * landed, the message is either counted by {@link #close} (then {@link #QUEUED}) or taken back
     * by this put, which then returns minus one: the caller counts it dropped, as a refused one.
     * Never blocks.
     */
    public int offer(Object message) {
        if (closed) {
            return REFUSED;
        }
        return enqueueMessage(new MailboxNode(message));
    }

    /**
     * Appends {@code messages[from..to)} (at least one), in order and next to each other, as
     * {@link #offer} would one by one but in one step ({@code InboundQueue.enqueueAll}): all of
     * them, or none if the mailbox is closed. Returns as {@link #offer}; if the owner closed the
     * mailbox as the run landed, minus the number of its messages this put took back (the
     * caller's to count dropped), or {@link #QUEUED} if the close counted them all. Never blocks.
     */
    public int offerAll(Object[] messages, int from, int to) {
        Objects.checkFromToIndex(from, to, messages.length);
        if (from == to) {
            throw new IllegalArgumentException("a run of no message: from == to == " + from);
        }
        if (closed) {
            return REFUSED;
        }
        return enqueueAll(messages, from, to);
    }

    /**
     * Adds a signal, raised in its place among the messages (see the class comment). False if
     * the mailbox is closed. Never blocks.
     */
    public boolean signal(RuntimeException signal) {
        if (closed) {
            return false;
        }
        enqueue(new MailboxNode(new Signal(signal)));
        signalPending = true; // after the link: whoever reads it true finds the signal by draining to the tail
        return true;
    }

    /**
     * Owner only, for a wait that takes no message: raises the oldest signal in the mailbox now,
     * ahead of the messages before it, which stay. Returns if there is none.
     */
    public void raiseSignal() {
        if (!signalPending) {
            return;
        }
        signalPending = false;
        drainTo(saved());
        RuntimeException raised = null;
        for (Iterator<Object> it = saved.iterator(); it.hasNext(); ) {
            if (it.next() instanceof Signal s) {
                if (raised != null) {
                    signalPending = true; // another one waits: the next wait raises it
                    break;
                }
                raised = s.exception;
                it.remove();
            }
        }
        if (raised != null) {
            throw raised;
        }
    }

    /** Owner only: removes every pending signal {@code which} accepts; returns how many. */
    public int removeSignals(Predicate<Object> which) {
        drainTo(saved());
        int removed = 0;
        for (Iterator<Object> it = saved.iterator(); it.hasNext(); ) {
            if (it.next() instanceof Signal s && which.test(s.exception)) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    /**
     * Wakes the owner if it is parked in {@link #take}, without giving it anything: its
     * {@code until} condition is looked at again. Never blocks.
     */
    public void wake() {
        wakeOwner();
    }

    /**
     * Owner only: takes the oldest message that {@code filter} accepts (any message if null),
     * waiting until {@code deadline} ({@link System#nanoTime()} based, or {@link #NO_DEADLINE}).
     * Returns {@link #TIMED_OUT} when the deadline passes. Messages the filter rejects stay, in
     * order. {@code checkpoint} runs before each wait and before a message is returned; it may
     * throw to end the take (an interrupt), and the message stays.
     */
    public Object take(Predicate<Object> filter, long deadline, Checkpoint checkpoint) {
        return take(filter, deadline, checkpoint, null);
    }

    /**
     * As {@link #take(Predicate, long, Checkpoint)}, also raising the signals it reaches and
     * returning {@link #CONDITION_MET} as soon as {@code until} (if not null) is true: before it
     * looks at any message and whenever it is about to wait. Whoever makes {@code until} true
     * must then call {@link #wake}.
     */
    public Object take(Predicate<Object> filter, long deadline, Checkpoint checkpoint, BooleanSupplier until) {
        if (until != null) {
            checkpoint.check();
            if (until.getAsBoolean()) {
                return CONDITION_MET;
            }
        }
        if (saved != null && !saved.isEmpty()) {
            Object m = takeSaved(filter, checkpoint);
            if (m != null) {
                return m;
            }
        }
        boolean spin = true; // once per take
        for (;;) {
            MailboxNode first = first();
            if (first != null) {
                Object m = first.item;
                if (m instanceof Signal s) {
                    checkpoint.check();
                    advance(first);
                    throw s.exception;
                }
                if (filter == null || filter.test(m)) { // a throwing filter leaves the message in place
                    checkpoint.check(); // with the message still first: if it throws, nothing is lost
                    advance(first);
                    return m;
                }
                advance(first);
                saved().addLast(m);
                continue;
            }
            checkpoint.check();
            Object outcome = await(deadline, until, spin);
            if (outcome != null) {
                return outcome;
            }
            spin = false;
        }
    }

    /** The oldest saved message {@code filter} accepts, removed; raises a saved signal it reaches first. */
    private Object takeSaved(Predicate<Object> filter, Checkpoint checkpoint) {
        for (Iterator<Object> it = saved.iterator(); it.hasNext(); ) {
            Object m = it.next();
            if (m instanceof Signal s) {
                checkpoint.check();
                it.remove();
                throw s.exception;
            }
            if (filter == null || filter.test(m)) {
                checkpoint.check();
                it.remove();
                return m;
            }
        }
        return null;
    }

    /** Owner only: takes the oldest message without waiting; null if there is none. For a queue without signals. */
    public Object tryTake() {
        if (saved != null && !saved.isEmpty()) {
            return saved.pollFirst();
        }
        MailboxNode first = first();
        if (first == null) {
            return null;
        }
        Object m = first.item;
        advance(first);
        return m;
    }

    /** Owner only: whether a message is waiting. */
    public boolean hasMessages() {
        return (saved != null && !saved.isEmpty()) || first() != null;
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
        drainTo(saved());
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
     * messages discarded (signals are not counted). A put racing with close is counted once: by
     * this count if close reaches it, else by the put, which takes it back (see {@link #offer}).
     */
    public int close() {
        closed = true; // before the inbound queue is emptied: a put that lands later sees it
        int dropped = 0;
        if (saved != null) {
            for (Object m : saved) {
                dropped += m instanceof Signal ? 0 : 1;
            }
            saved = null;
        }
        return dropped + discardQueued(m -> !(m instanceof Signal));
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        return closed;
    }
}
