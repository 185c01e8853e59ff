package io.threadwire.core;

import io.threadwire.core.internal.PendingTimer;

/**
 * A message that {@link Messaging#sendAfter sendAfter} will send when its delay has passed:
 * {@link #cancel()} stops it, as Erlang's {@code erlang:cancel_timer}.
 *
 * <p>Any thread may cancel a timer, and a timer does not depend on the thread that set it: it
 * fires even if that thread has ended. Equal timer references denote the same timer.
 */
public final class TimerRef {
    private final PendingTimer timer;

    TimerRef(PendingTimer timer) {
        this.timer = timer;
    }

    /**
     * Stops the timer. Returns true if it had not fired, in which case its message is never
     * sent; false if it has fired (its message is delivered or on its way) or was cancelled
     * before. Never blocks.
     */
    public boolean cancel() {
        return timer.cancel();
    }

    /** The thread the message is for. */
    public ThreadRef target() {
        return timer.target();
    }

    @Override
    public String toString() {
        return "TimerRef[" + timer + "]";
    }
}
