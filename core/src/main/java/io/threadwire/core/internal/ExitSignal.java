package io.threadwire.core.internal;

import io.threadwire.core.ExitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The exit signal a thread was sent (see {@code Messaging.exit}): its reason, and whether it
 * still waits to be thrown. Made when the signal is sent, so a thread never told to exit pays
 * one field for it.
 *
 * <p>Signals waiting to be thrown are counted JVM-wide, so that a send can check for one with
 * a single read while there are none. A signal is counted at most once and uncounted at most
 * once, when it is thrown or its thread ends, whichever comes first, even if the thread ends
 * while the signal is being sent.
 */
final class ExitSignal {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ExitSignal.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int NEW = 0;
    private static final int PENDING = 1; // counted in WAITING
    private static final int DONE = 2;    // thrown, or its thread ended

    /** Signals in this JVM waiting to be thrown. */
    private static final AtomicInteger WAITING = new AtomicInteger();

    final ExitReason reason;
    @SuppressWarnings("unused") // written through STATE
    private volatile int state;
    private volatile boolean sent; // its sender has interrupted the thread, or needs not

    ExitSignal(ExitReason reason) {
        this.reason = reason;
    }

    /** Whether some thread of this JVM has a signal not yet thrown. */
    static boolean anyWaiting() {
        return WAITING.get() > 0;
    }

    /** The signal now waits to be thrown; nothing if it is already done. */
    void pending() {
        if (STATE.compareAndSet(this, NEW, PENDING)) {
            WAITING.incrementAndGet();
        }
    }

    /** Whether it waits to be thrown. */
    boolean isPending() {
        return state == PENDING;
    }

    /** Its sender interrupted the thread (or needs not): the thread may clear its interrupt status. */
    void sent() {
        sent = true;
    }

    /**
     * Owner, about to throw the signal: waits until its sender has interrupted the thread, so
     * that clearing the interrupt status clears that interrupt too, and none lands after the
     * signal was thrown. The sender is a few instructions from it (it published the signal and
     * interrupts without blocking), so this spins briefly, then yields, then parks (the
     * interrupt unparks it; while the interrupt status is set, parking returns at once).
     */
    void awaitSent() {
        for (int spins = 0; !sent; spins++) {
            if (spins < 64) {
                Thread.onSpinWait();
            } else if (spins < 128 || Thread.currentThread().isInterrupted()) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(this, 100_000);
            }
        }
    }

    /** It was thrown, or its thread ended: it waits no more. */
    void done() {
        if ((int) STATE.getAndSet(this, DONE) == PENDING) {
            WAITING.decrementAndGet();
        }
    }
}
