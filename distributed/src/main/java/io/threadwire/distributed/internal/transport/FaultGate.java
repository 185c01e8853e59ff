package io.threadwire.distributed.internal.transport;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where a test's faults reach the network threads of one node (its endpoint loops, the readers
 * and writers of its channels, its failure detector, its dialer): each passes the gate before
 * each step of network work. Open, passing costs one volatile read.
 *
 * <ul>
 *   <li><b>Frozen</b> (the in-JVM {@code SIGSTOP}): {@link #pass} parks the thread until the node
 *       is thawed or crashed, so the node reads nothing, writes nothing and answers no
 *       heartbeat, while its sockets stay open.</li>
 *   <li><b>Crashed</b> (the in-JVM {@code SIGKILL}): {@link #pass} returns false, at once and from
 *       then on, and each thread ends without another word on the network.</li>
 *   <li><b>Filtered</b>: a link of the node has a filter; the places that consult filters look
 *       them up only while this is set.</li>
 * </ul>
 *
 * <p>Thread-safe; {@link #pass} may be called from platform and virtual threads alike.
 */
public final class FaultGate {
    private static final int FROZEN = 1;
    private static final int CRASHED = 2;
    private static final int FILTERED = 4;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile int state;        // written under lock
    private volatile long thawedAt;    // System.nanoTime() of the last thaw, 0 if never frozen

    /**
     * Before a step of network work: true to go on; parks while the node is frozen; false once
     * it has crashed (the caller ends without touching the network).
     */
    public boolean pass() {
        int s = state;
        if ((s & (FROZEN | CRASHED)) == 0) {
            return true;
        }
        return awaitThawOrCrash();
    }

    private boolean awaitThawOrCrash() {
        lock.lock();
        try {
            boolean interrupted = false;
            while ((state & FROZEN) != 0 && (state & CRASHED) == 0) {
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    interrupted = true; // a frozen thread stays frozen; its interrupt waits for the thaw
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return (state & CRASHED) == 0;
        } finally {
            lock.unlock();
        }
    }

    /** Whether any fault is set: frozen, crashed or filtered (one volatile read). */
    public boolean any() {
        return state != 0;
    }

    /** Whether any link of the node has a filter (one volatile read). */
    public boolean filtered() {
        return (state & FILTERED) != 0;
    }

    public boolean isFrozen() {
        return (state & FROZEN) != 0;
    }

    public boolean isCrashed() {
        return (state & CRASHED) != 0;
    }

    /** When the node was last thawed ({@code System.nanoTime()}), 0 if never: silence before it was the node's own. */
    public long thawedAt() {
        return thawedAt;
    }

    /** Stops the node's network threads at their next step; false if it was frozen already or has crashed. */
    public boolean freeze() {
        return update(s -> (s & (FROZEN | CRASHED)) == 0 ? s | FROZEN : s);
    }

    /** Lets them go on; false if the node was not frozen. */
    public boolean thaw() {
        lock.lock();
        try {
            if ((state & FROZEN) == 0) {
                return false;
            }
            thawedAt = System.nanoTime();
            state &= ~FROZEN;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the node's network threads at their next step, frozen ones too; false if it had crashed already. */
    public boolean crash() {
        return update(s -> (s | CRASHED) & ~FROZEN);
    }

    /** Records whether any link has a filter. */
    public void filtered(boolean any) {
        update(s -> any ? s | FILTERED : s & ~FILTERED);
    }

    private boolean update(java.util.function.IntUnaryOperator change) {
        lock.lock();
        try {
            int before = state;
            int after = change.applyAsInt(before);
            state = after;
            changed.signalAll();
            return after != before;
        } finally {
            lock.unlock();
        }
    }
}
