package io.threadwire.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The inbound side of a {@link Mailbox}: an unbounded queue that many threads put into and one
 * thread (the owner) takes from and waits on.
 *
 * <p>The queue is an intrusive multi-producer single-consumer linked list: a producer swaps its
 * node in as the tail with one atomic exchange, then links its predecessor to it, so a put
 * never waits for another put or for the owner, and one producer's items keep their order. A
 * run of items is put the same way in one step ({@link #enqueueAll}): its nodes are linked to
 * each other first, then the run is swapped in and linked as one node would be. The
 * queue is its own first stub node, so an empty queue costs no node. A put is linked in two
 * steps, so for an instant a node can be in the queue but not yet reachable from {@link #head};
 * only {@link #drainTo}, which must see every node put before it started, waits out that
 * instant.
 *
 * <p>Waiting ({@link #await}): the owner first spins a bounded number of times while a partner
 * running on another processor may answer (as {@code java.util.concurrent}'s queues do). It
 * does not spin while the thread it last woke has not run yet: a virtual thread's wake-up is
 * queued on the waker's carrier, so that thread most likely waits for the very carrier the
 * owner would spin on (the check {@code LinkedTransferQueue} makes on its carrier's queue). It
 * waits a little for that thread to be taken by another carrier instead, which keeps two
 * partners on two carriers. Spins that keep coming to nothing are made only now and then (see
 * {@link #spin}). Then the owner publishes itself in {@link #waiter}, checks the queue once more
 * and parks. A producer links its node and then reads {@link #waiter}. Both sides write one
 * volatile and then read the other's, so at least one of them sees the other: an item is never
 * left behind a parked owner. A parked virtual thread holds no carrier, and burns no CPU.
 *
 * <p>The fields a put touches (the tail, {@link #waiter}, the mailbox's {@code closed}) are
 * {@link QueuePutSide}'s, a cache line away from those the owner writes at every take
 * ({@link QueuePadding}), so that a message does not move one line between the two cores on top
 * of its node and its contents.
 */
class InboundQueue extends QueuePadding {

    /** Returned by {@link #await} when the deadline passed. */
    static final Object TIMED_OUT = new Object();
    /** Returned by {@link #await} when its {@code until} condition became true. */
    static final Object CONDITION_MET = new Object();
    /** A deadline that never comes. */
    static final long NO_DEADLINE = Long.MIN_VALUE;

    /**
     * Spins of a wait before it parks: about 2.5 µs on a current x86 core, the bound
     * {@code LinkedTransferQueue} uses; none on one processor, where the partner cannot run
     * while we spin.
     */
    private static final int SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 128 : 0;
    /** Spins that wait for the thread we woke to be taken by another carrier. */
    private static final int HANDOFF_SPINS = SPINS;
    /**
     * After this many spins in a row that came to nothing, a queue spins again only after
     * {@link #SKIPS_BETWEEN_TRIES} waits without.
     */
    private static final int MISSES_BEFORE_BACKING_OFF = 4, SKIPS_BETWEEN_TRIES = 32;

    /** What a put that found the queue open did: appended, and the owner was not parked / was woken. */
    static final int QUEUED = 1, WOKE_OWNER = 2;

    private static final VarHandle TAIL;
    private static final VarHandle NEXT;
    private static final VarHandle ITEM;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(QueuePutSide.class, "tail", MailboxNode.class);
            NEXT = MethodHandles.lookup().findVarHandle(MailboxNode.class, "next", MailboxNode.class);
            ITEM = MethodHandles.lookup().findVarHandle(MailboxNode.class, "item", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private MailboxNode head = this;          // owner only: the last node taken (a stub)
    private InboundQueue woken;               // owner only: the queue whose parked owner it last woke, until its next wait
    private byte spinMisses, handoffMisses;   // owner only: spins in a row that came to nothing

    InboundQueue() {
        tail = this;
    }

    /** Appends {@code node} and wakes the owner if it is parked; true if it was. Never blocks. */
    final boolean enqueue(MailboxNode node) {
        return append(node, node);
    }

    /**
     * Appends {@code node}, a message, as {@link #enqueue} does, and returns what became of it:
     * {@link #QUEUED} or {@link #WOKE_OWNER}; or, if the queue was closed as it landed, what
     * {@link #landedInClosed} says. Never blocks.
     */
    final int enqueueMessage(MailboxNode node) {
        boolean woke = append(node, node);
        return closed ? landedInClosed(node, 1) : woke ? WOKE_OWNER : QUEUED;
    }

    /**
     * Appends a node for each of {@code items[from..to)}, in order and next to each other, as one
     * put: one atomic exchange and at most one wake-up for the run, where a put each would pay
     * them per item (and wake an owner that is still getting up once per item). The run's nodes
     * are linked to each other before the run is published, with plain writes; the volatile write
     * that links the run to the queue publishes them. Returns as {@link #enqueueMessage}. Never
     * blocks.
     */
    final int enqueueAll(Object[] items, int from, int to) {
        assert from < to : "an empty run";
        MailboxNode first = new MailboxNode(items[from]);
        MailboxNode last = first;
        for (int i = from + 1; i < to; i++) {
            MailboxNode node = new MailboxNode(items[i]);
            NEXT.set(last, node);
            last = node;
        }
        boolean woke = append(first, last);
        return closed ? landedInClosed(first, to - from) : woke ? WOKE_OWNER : QUEUED;
    }

    /**
     * The put of the {@code count} messages from {@code first} on found the queue closed once they
     * were in (it read {@code closed} false before, and the owner closed it meanwhile): takes back
     * every one that {@link #discardQueued} did not reach. Either side takes a message's item with
     * one atomic exchange, so each message is counted once, by the close or by the put's caller.
     * Returns minus the number taken back (the caller's to count as dropped), or {@link #QUEUED}
     * if none was: the close has counted them, or the owner took them before it closed.
     */
    private static int landedInClosed(MailboxNode first, int count) {
        int takenBack = 0;
        MailboxNode node = first;
        for (int i = 0; i < count; i++) {
            if (ITEM.getAndSet(node, (Object) null) != null) {
                takenBack++;
            }
            node = node.next; // within the run, linked before it was put; null after its last
        }
        return takenBack == 0 ? QUEUED : -takenBack;
    }

    /** Swaps in {@code last} as the tail, links its predecessor to {@code first}, and wakes a parked owner; true if it was. */
    private boolean append(MailboxNode first, MailboxNode last) {
        MailboxNode previous = (MailboxNode) TAIL.getAndSet(this, last);
        previous.next = first;
        return wakeOwner();
    }

    /** Wakes the owner if it is parked in {@link #await}; true if it was. Never blocks. */
    final boolean wakeOwner() {
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
            return true;
        }
        return false;
    }

    /**
     * Owner only: the owner's own put into {@code other} woke its parked owner. Until that
     * thread runs, the owner's next wait does not spin (see the class comment).
     */
    final void woke(InboundQueue other) {
        woken = other;
    }

    /** Owner only: the oldest node not taken yet, or null. */
    final MailboxNode first() {
        return head.next;
    }

    /** Owner only: takes {@code first}, the node {@link #first} returned: it becomes the stub and lets go of its item. */
    final void advance(MailboxNode first) {
        if (head == this) {
            // The queue is its own first stub and stays reachable as long as the mailbox: unlinked,
            // it would keep every node taken since, as a chain. No put writes it again.
            next = null;
        }
        head = first;
        first.item = null;
    }

    /** Owner only: moves the item of every node put before this call began to {@code to}, in order. */
    final void drainTo(ArrayDeque<Object> to) {
        MailboxNode last = tail; // every put that began before this call ends at or before it
        while (head != last) {
            MailboxNode next = head.next;
            if (next == null) {
                // A put before `last` has swapped the tail but not yet linked its node: it is between
                // two instructions, so waiting for it is short.
                Thread.onSpinWait();
                continue;
            }
            to.addLast(next.item);
            advance(next);
        }
    }

    /**
     * Owner only, once {@code closed} is set: empties the queue of every node put before the
     * tail it reads then, taking each item with one atomic exchange, and returns how many of
     * them {@code counts} accepts. A put that swaps the tail after that read sees {@code closed}
     * (it reads it after its swap) and takes its own items back ({@link #landedInClosed}), so
     * every message is counted by one side. Waits out a put caught between its two steps, as
     * {@link #drainTo} does: a node behind it must not be missed.
     */
    final int discardQueued(Predicate<Object> counts) {
        MailboxNode last = tail; // read after closed was set
        int counted = 0;
        while (head != last) {
            MailboxNode next = head.next;
            if (next == null) {
                Thread.onSpinWait(); // a put before `last` has swapped the tail but not yet linked its node
                continue;
            }
            Object item = ITEM.getAndSet(next, (Object) null);
            if (item != null && counts.test(item)) {
                counted++;
            }
            advance(next);
        }
        return counted;
    }

    /**
     * Owner only: waits until a node may be there to take, the deadline ({@link System#nanoTime()}
     * based, or {@link #NO_DEADLINE}) passes ({@link #TIMED_OUT}), or {@code until} (if not null)
     * is true ({@link #CONDITION_MET}); null in the first case, and on any wake-up, to look
     * again. Spins first if {@code spin} (once per take).
     */
    final Object await(long deadline, BooleanSupplier until, boolean spin) {
        if (spin && spin(deadline)) {
            return null;
        }
        Thread me = Thread.currentThread();
        waiter = me;
        try {
            if (head.next != null) {
                return null;
            }
            if (until != null && until.getAsBoolean()) {
                return CONDITION_MET; // read after publishing waiter: a wake after this unparks us
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
            return null;
        } finally {
            waiter = null;
        }
    }

    /**
     * Spins a bounded while for a node, unless the deadline has passed; true if one arrived.
     * First, if the thread we last woke has not run yet, waits up to {@link #HANDOFF_SPINS} for
     * it to run elsewhere; if it does not, returns false at once: it waits for our carrier. A
     * spin that comes to nothing counts as a miss; after {@link #MISSES_BEFORE_BACKING_OFF} in a
     * row, that kind of spin is skipped but for one try in {@link #SKIPS_BETWEEN_TRIES} waits, so
     * that a thread whose partners answer slowly (a server between requests) wastes little.
     */
    private boolean spin(long deadline) {
        if (deadline != NO_DEADLINE && deadline - System.nanoTime() <= 0) {
            return false;
        }
        MailboxNode last = head; // the owner's own field, the same throughout: the spins read its link, not the field
        InboundQueue w = woken;
        woken = null;
        if (w != null && w.waiter != null) {
            if (!tryAgain(handoffMisses)) {
                handoffMisses = next(handoffMisses);
                return false;
            }
            for (int i = HANDOFF_SPINS; w.waiter != null; i--) {
                if (last.next != null) {
                    return true;
                }
                if (i <= 0) {
                    handoffMisses = next(handoffMisses);
                    return false; // it waits for our carrier: hand it over
                }
                Thread.onSpinWait();
            }
            handoffMisses = 0;
        }
        if (!tryAgain(spinMisses)) {
            spinMisses = next(spinMisses);
            return false;
        }
        for (int i = SPINS; i > 0; i--) {
            if (last.next != null) {
                spinMisses = 0;
                return true;
            }
            Thread.onSpinWait();
        }
        spinMisses = next(spinMisses);
        return last.next != null;
    }

    /** Whether to spin after {@code misses} spins in a row that came to nothing. */
    private static boolean tryAgain(byte misses) {
        return misses < MISSES_BEFORE_BACKING_OFF;
    }

    /** The count of misses after one more (a skipped spin counts as one): wraps round to try again now and then. */
    private static byte next(byte misses) {
        return misses == MISSES_BEFORE_BACKING_OFF + SKIPS_BETWEEN_TRIES
                ? (byte) (MISSES_BEFORE_BACKING_OFF - 1) : (byte) (misses + 1);
    }
}
