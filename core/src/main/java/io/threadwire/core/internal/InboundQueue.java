package io.threadwire.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The inbound side of a {@link Mailbox}: an unbounded queue that many threads put into and one
 * thread (the owner) takes from and waits on.
 *
 * <p>The queue is an intrusive multi-producer single-consumer linked list: a producer swaps its
 * node in as the tail with one atomic exchange, then links its predecessor to it, so a put
 * never waits for another put or for the owner, and one producer's items keep their order. The
 * queue is its own first stub node, so an empty queue costs no node. A put is linked in two
 * steps, so for an instant a node can be in the queue but not yet reachable from {@link #head};
 * only {@link #drainTo}, which must see every node put before it started, waits out that
 * instant.
 *
 * <p>Waiting ({@link #await}): the owner first spins a bounded number of times while a partner
 * running on another processor may answer, as {@code java.util.concurrent}'s queues do, and
 * under the same rule as {@code LinkedTransferQueue}: it does not spin while the thread it last
 * woke has not run yet. A virtual thread's wake-up is queued on the waker's carrier, so that
 * thread most likely waits for the very carrier the owner would spin on; parking at once hands
 * the carrier over ({@code LinkedTransferQueue} looks at its carrier's queue for the same
 * reason). The choice is made afresh at each wait, from what is true at that moment: a wait
 * keeps no memory of earlier spins, so a passing delay (a collection, a carrier the system
 * took away for a while) cannot leave a pair of partners parking for many messages after it is
 * over. Then the owner publishes itself in {@link #waiter}, checks the queue once more and
 * parks. A producer links its node and then reads {@link #waiter}. Both sides write one
 * volatile and then read the other's, so at least one of them sees the other: an item is never
 * left behind a parked owner. A parked virtual thread holds no carrier, and burns no CPU.
 */
class InboundQueue extends MailboxNode {

    /** Returned by {@link #await} when the deadline passed. */
    static final Object TIMED_OUT = new Object();
    /** Returned by {@link #await} when its {@code until} condition became true. */
    static final Object CONDITION_MET = new Object();
    /** A deadline that never comes. */
    static final long NO_DEADLINE = Long.MIN_VALUE;

    /**
     * Spins of a wait before it parks: a few microseconds, the bound {@code LinkedTransferQueue}
     * uses; none on one processor, where the partner cannot run while we spin.
     */
    private static final int SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 128 : 0;

    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(InboundQueue.class, "tail", MailboxNode.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // written through TAIL
    private volatile MailboxNode tail = this;
    private MailboxNode head = this;          // owner only: the last node taken (a stub)
    private volatile Thread waiter;           // the owner while it is (about to be) parked
    private InboundQueue woken;               // owner only: the queue whose parked owner it last woke, until its next wait

    InboundQueue() {
        super(null);
    }

    /** Appends {@code node} and wakes the owner if it is parked; true if it was. Never blocks. */
    final boolean enqueue(MailboxNode node) {
        MailboxNode previous = (MailboxNode) TAIL.getAndSet(this, node);
        previous.next = node;
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
     * Spins up to {@link #SPINS} times for a node; true if one arrived. Does not spin if the
     * deadline has passed, or if the thread this owner last woke has not run yet (see the class
     * comment).
     */
    private boolean spin(long deadline) {
        InboundQueue w = woken;
        woken = null;
        if (w != null && w.waiter != null) {
            return false; // it most likely waits for our carrier: park and hand it over
        }
        if (deadline != NO_DEADLINE && deadline - System.nanoTime() <= 0) {
            return false;
        }
        for (int i = SPINS; i > 0; i--) {
            if (head.next != null) {
                return true;
            }
            Thread.onSpinWait();
        }
        return head.next != null;
    }
}
