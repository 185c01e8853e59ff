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
 * <p>Waiting ({@link #await}): a virtual owner first yields its carrier once to whoever it may
 * just have woken (its partner in a request/response exchange): the answer often arrives during
 * the yield, and an unpark and a park are saved. Then the owner publishes itself in
 * {@link #waiter}, checks the queue once more and parks. A producer links its node and then reads
 * {@link #waiter}. Both sides write one volatile and then read the other's, so at least one of
 * them sees the other: an item is never left behind a parked owner. A parked virtual thread holds
 * no carrier, and burns no CPU.
 */
class InboundQueue extends MailboxNode {

    /** Returned by {@link #await} when the deadline passed. */
    static final Object TIMED_OUT = new Object();
    /** Returned by {@link #await} when its {@code until} condition became true. */
    static final Object CONDITION_MET = new Object();
    /** A deadline that never comes. */
    static final long NO_DEADLINE = Long.MIN_VALUE;

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
     * again. A virtual owner yields first if {@code firstWait} (once per take).
     */
    final Object await(long deadline, BooleanSupplier until, boolean firstWait) {
        Thread me = Thread.currentThread();
        if (firstWait && me.isVirtual()) {
            Thread.yield();
            return null;
        }
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
}
