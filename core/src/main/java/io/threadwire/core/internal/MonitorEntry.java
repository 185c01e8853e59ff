package io.threadwire.core.internal;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.Registration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One monitor: delivers exactly one {@link Down} to its watcher, unless the watcher removes
 * it first. Removing it after it fired also takes the {@code Down} back out of the mailbox, so
 * none is seen after {@code demonitor} returns.
 *
 * <p>A monitor holds two hooks: one on the target, which fires it, and one on the watcher,
 * which removes it when the watcher ends (as in Erlang), so that a long-lived target does not
 * keep a hook, and through it the ended watcher, for every thread that ever monitored it.
 * Whichever side acts first removes the other side's hook.
 */
public final class MonitorEntry {
    private enum State { ACTIVE, FIRED, CANCELLED }

    private final ThreadState watcher;
    private final ThreadRef target;
    private final ReentrantLock lock = new ReentrantLock();
    private State state = State.ACTIVE; // guarded by lock
    private Down delivered;             // guarded by lock
    private volatile Registration registration;   // the hook on the target
    private volatile Registration watcherHook;    // the hook on the watcher

    MonitorEntry(ThreadState watcher, ThreadRef target) {
        this.watcher = watcher;
        this.target = target;
    }

    ThreadState watcher() {
        return watcher;
    }

    /** The monitored thread, as it was given to {@code monitor}. */
    public ThreadRef target() {
        return target;
    }

    void registration(Registration r) {
        registration = r;
    }

    /** Set before the target is watched, so that every later firing finds it. */
    void watcherHook(Registration r) {
        watcherHook = r;
    }

    /** The watcher's exit hook: the watcher ended, so the monitor goes without a Down. */
    void watcherEnded() {
        lock.lock();
        try {
            if (state != State.ACTIVE) {
                return;
            }
            state = State.CANCELLED;
        } finally {
            lock.unlock();
        }
        cancel(registration);
    }

    /** The exit hook: the target ended (or never existed, or became unreachable). */
    void fire(ThreadRef ignored, ExitReason reason) {
        lock.lock();
        try {
            if (state != State.ACTIVE) {
                return;
            }
            state = State.FIRED;
            delivered = new Down(target, reason);
            watcher.deliver(delivered);
        } finally {
            lock.unlock();
        }
        cancel(watcherHook);
    }

    /** Watcher only: removes the monitor; true if it had not fired. */
    boolean cancel() {
        State before;
        Down down;
        lock.lock();
        try {
            before = state;
            down = delivered;
            state = State.CANCELLED;
            delivered = null;
        } finally {
            lock.unlock();
        }
        cancel(watcherHook);
        if (before == State.ACTIVE) {
            cancel(registration);
            return true;
        }
        if (before == State.FIRED && watcher.isAlive()) {
            watcher.removeExactly(down);
        }
        return false;
    }

    private static void cancel(Registration r) {
        if (r != null) {
            r.cancel();
        }
    }
}
