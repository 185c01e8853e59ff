package io.threadwire.distributed.internal.link;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.NodeUnreachableException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The blocking waits of one {@link PeerSlot}, each on its {@link SlotState}: for a channel
 * (an explicit connect), for an attempt to end, for a channel to be installed (a successor's
 * reader, or a dial that lost the tie-break), for a loss to be reported (a disconnect). Each
 * holds the slot's lock while it looks and waits on the condition every transition signals, so
 * no transition is missed between a look and a wait; each gives up at its deadline.
 */
final class SlotWaits<C extends SlotChannel> {
    private final NodeAddress address;
    private final long connectTimeoutNanos;
    private final SlotState<C, ?> state;
    private final ReentrantLock lock;       // the state's
    private final Condition changed;        // the state's: signalled on every transition

    SlotWaits(NodeAddress address, long connectTimeoutNanos, SlotState<C, ?> state) {
        this.address = address;
        this.connectTimeoutNanos = connectTimeoutNanos;
        this.state = state;
        this.lock = state.lock;
        this.changed = state.changed;
    }

    /** See {@link PeerSlot#connect}. */
    C connect(long deadline) throws InterruptedException {
        C c = state.up();
        if (c != null && !c.isClosed()) {
            return c;
        }
        lock.lock();
        try {
            state.checkNotRetired();
            for (;;) {
                c = state.up();
                if (c != null && !c.isClosed()) {
                    return c;
                }
                if (c != null || state.isReporting()) { // a loss is reported, or about to be: it signals when done
                    awaitOrGiveUp(deadline, "the connection was lost and no new one was made");
                    continue;
                }
                ConnectAttempt a = state.attempt() != null ? state.attempt() : state.startAttempt();
                while (!a.isDone() && state.up() == null && !state.isReporting()) {
                    awaitOrGiveUp(deadline, "no connection");
                }
                if (a.isDone() && a.failure() != null && state.up() == null) {
                    throw new NodeUnreachableException(address, ConnectAttempt.rootMessage(a.failure()), a.failure());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void awaitOrGiveUp(long deadline, String what) throws InterruptedException { // lock held
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new NodeUnreachableException(address, what + " within "
                    + TimeUnit.NANOSECONDS.toMillis(connectTimeoutNanos) + " ms", null);
        }
        changed.awaitNanos(left);
    }

    /** See {@link PeerSlot#awaitAttempt}. */
    boolean awaitAttempt(long deadline) throws InterruptedException {
        lock.lock();
        try {
            while (state.up() == null && state.attempt() != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            return state.up() != null;
        } finally {
            lock.unlock();
        }
    }

    /** See {@link PeerSlot#awaitAttemptInFlight}. */
    void awaitAttemptInFlight(long deadline) throws InterruptedException {
        lock.lock();
        try {
            ConnectAttempt a = state.attempt();
            while (a != null && state.attempt() == a && state.up() == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** See {@link PeerSlot#awaitUp}. */
    boolean awaitUp(long deadline) throws InterruptedException {
        lock.lock();
        try {
            while (state.up() == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** See {@link PeerSlot#awaitInstalled}. */
    boolean awaitInstalled(C channel) {
        lock.lock();
        try {
            while (state.up() != channel && !channel.isClosed()) {
                changed.awaitNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            return state.up() == channel;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close("interrupted while waiting to succeed a lost connection");
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** See {@link PeerSlot#awaitSettled}. */
    void awaitSettled(C channel, long deadline) throws InterruptedException {
        lock.lock();
        try {
            for (long left; state.up() != channel && !channel.isClosed() && (left = deadline - System.nanoTime()) > 0; ) {
                changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
            }
        } finally {
            lock.unlock();
        }
    }

    /** See {@link PeerSlot#disconnect}. */
    void disconnect(String reason, long deadline) {
        C c;
        C waiting;
        lock.lock();
        try {
            c = state.up();
            waiting = state.successor();
        } finally {
            lock.unlock();
        }
        if (waiting != null) {
            waiting.close(reason);
        }
        if (c != null) {
            c.close(reason);
        }
        lock.lock();
        try {
            while ((c != null && state.up() == c || state.isReporting() || state.successor() != null)
                    && deadline - System.nanoTime() > 0) {
                changed.awaitNanos(Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(10)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
