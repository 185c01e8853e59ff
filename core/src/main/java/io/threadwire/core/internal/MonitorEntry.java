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
 */
public final class MonitorEntry {
    private enum State { ACTIVE, FIRED, CANCELLED }

    private final ThreadState watcher;
    private final ThreadRef target;
    private final ReentrantLock lock = new ReentrantLock();
    private State state = State.ACTIVE; // guarded by lock
    private Down delivered;             // guarded by lock
    private volatile Registration registration;

    MonitorEntry(ThreadState watcher, ThreadRef target) {
        this.watcher = watcher;
        this.target = target;
    }

    ThreadState watcher() {
        return watcher;
    }

    void registration(Registration r) {
        registration = r;
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
        if (before == State.ACTIVE) {
            Registration r = registration;
            if (r != null) {
                r.cancel();
            }
            return true;
        }
        if (before == State.FIRED && watcher.isAlive()) {
            watcher.removeExactly(down);
        }
        return false;
    }
}
