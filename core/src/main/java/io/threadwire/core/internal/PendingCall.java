package io.threadwire.core.internal;

import io.threadwire.core.ExitReason;
import io.threadwire.core.ThreadRef;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The one synchronous call a thread waits in: completed once, by the reply or by the failure
 * of the target, whichever comes first.
 */
final class PendingCall {
    private static final VarHandle OUTCOME;

    static {
        try {
            OUTCOME = MethodHandles.lookup().findVarHandle(PendingCall.class, "outcome", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The call was answered. */
    record Replied(Object value) {
    }

    /** The target ended, did not exist, or became unreachable. */
    record Failed(ExitReason reason) {
    }

    /** The outcome of a call its caller stopped waiting for (timed out, or its wait threw): nothing may complete it any more. */
    private static final Object ABANDONED = new Object();

    private final long tag;
    private final ThreadRef target;
    private final Thread caller;
    @SuppressWarnings("unused") // written through OUTCOME
    private volatile Object outcome;

    PendingCall(long tag, ThreadRef target, Thread caller) {
        this.tag = tag;
        this.target = target;
        this.caller = caller;
    }

    long tag() {
        return tag;
    }

    /** The thread the call went to, as the caller named it. */
    ThreadRef target() {
        return target;
    }

    /** Sets the outcome if none is set yet, and wakes the caller. */
    boolean complete(Object result) {
        if (OUTCOME.compareAndSet(this, null, result)) {
            LockSupport.unpark(caller);
            return true;
        }
        return false;
    }

    /**
     * Caller only: stops waiting, so that a reply that comes now is discarded (and counted late)
     * rather than taken as delivered to a call that has already timed out or thrown. Returns the
     * outcome that came first, if one did; null if none had.
     */
    Object abandon() {
        Object o = OUTCOME.compareAndExchange(this, null, ABANDONED);
        return o == ABANDONED ? null : o;
    }

    /**
     * Wakes the caller without completing the call, so that its wait runs the checkpoint again
     * (a linked thread's failure, which must end the call at once).
     */
    void wakeCaller() {
        LockSupport.unpark(caller);
    }

    /**
     * Caller only: waits for the outcome until {@code deadline} ({@link Mailbox#NO_DEADLINE} for
     * none); null on timeout, after which the call is {@linkplain #abandon abandoned}.
     * {@code checkpoint} runs before each wait and may throw.
     */
    Object await(long deadline, Runnable checkpoint) {
        for (;;) {
            Object o = outcome;
            if (o != null) {
                return o;
            }
            checkpoint.run();
            if (deadline == Mailbox.NO_DEADLINE) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return abandon(); // a reply that won the race is returned, one that loses it is late
                }
                LockSupport.parkNanos(this, left);
            }
        }
    }
}
