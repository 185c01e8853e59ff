package io.threadwire.core.internal;

import io.threadwire.core.spi.ExitHook;
import io.threadwire.core.spi.Registration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hooks that run when one thread ends (its monitors, links, names, a call's watch), in the
 * order they were added. Made at the thread's first hook, so that a thread nobody watches pays
 * one field for them. Once {@link #close} has taken them, every later hook is refused.
 *
 * <p>The hooks form a doubly linked list of their registrations, so that adding and cancelling
 * one costs the same however many there are (a server watched by every caller for the length of
 * each call), and one hook costs one small object.
 */
final class ExitHooks {
    /** Stands for the hooks of a thread that ended before it had any: refuses every hook. */
    static final ExitHooks ENDED = new ExitHooks();

    static {
        ENDED.close();
    }

    private final ReentrantLock lock = new ReentrantLock();
    private Hook first, last;  // guarded by lock
    private boolean closed;    // guarded by lock

    /** Adds {@code hook}; null, and the hook never runs, if they have been taken already. */
    Registration add(ExitHook hook) {
        Hook h = new Hook(hook);
        lock.lock();
        try {
            if (closed) {
                return null;
            }
            h.previous = last;
            if (last == null) {
                first = h;
            } else {
                last.next = h;
            }
            last = h;
        } finally {
            lock.unlock();
        }
        return h;
    }

    /** Hooks held now. */
    int size() {
        lock.lock();
        try {
            int n = 0;
            for (Hook h = first; h != null; h = h.next) {
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Takes every hook, in order, and refuses later ones. */
    List<ExitHook> close() {
        List<ExitHook> taken = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            for (Hook h = first; h != null; h = h.next) {
                h.removed = true;
                taken.add(h.hook);
            }
            first = null;
            last = null;
        } finally {
            lock.unlock();
        }
        return taken;
    }

    private final class Hook implements Registration {
        final ExitHook hook;
        Hook previous, next; // guarded by lock
        boolean removed;     // guarded by lock

        Hook(ExitHook hook) {
            this.hook = hook;
        }

        @Override
        public boolean cancel() {
            lock.lock();
            try {
                if (removed) {
                    return false;
                }
                removed = true;
                if (previous == null) {
                    first = next;
                } else {
                    previous.next = next;
                }
                if (next == null) {
                    last = previous;
                } else {
                    next.previous = previous;
                }
                previous = null;
                next = null;
                return true;
            } finally {
                lock.unlock();
            }
        }
    }
}
