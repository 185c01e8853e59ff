package io.threadwire.core.internal;

import io.threadwire.core.LocalThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.Transport;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Future;

/**
 * A message waiting in the timer queue to be sent: fired or cancelled, once, whichever comes
 * first. Once it has fired or been cancelled it lets go of its message.
 */
public final class PendingTimer implements Runnable {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PendingTimer.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int PENDING = 0;
    private static final int FIRED = 1;
    private static final int CANCELLED = 2;

    private Object message;              // null once fired or cancelled
    private final ThreadRef target;
    private final Transport transport;   // null for a local target
    private final LocalThread sender;
    private volatile Future<?> scheduled;
    @SuppressWarnings("unused") // written through STATE
    private volatile int state;

    PendingTimer(Object message, ThreadRef target, Transport transport, LocalThread sender) {
        this.message = message;
        this.target = target;
        this.transport = transport;
        this.sender = sender;
    }

    void scheduled(Future<?> f) {
        scheduled = f;
    }

    public ThreadRef target() {
        return target;
    }

    /** On the timer thread, at the deadline. */
    @Override
    public void run() {
        if (STATE.compareAndSet(this, PENDING, FIRED)) {
            Object m = message;
            message = null;
            Timers.deliver(m, target, transport, sender);
        }
    }

    /** True if the timer had not fired: its message will never be sent. */
    public boolean cancel() {
        if (!STATE.compareAndSet(this, PENDING, CANCELLED)) {
            return false;
        }
        message = null;
        Future<?> f = scheduled;
        if (f != null) {
            f.cancel(false); // out of the queue now rather than at its deadline
        }
        return true;
    }

    @Override
    public String toString() {
        String s = switch ((int) STATE.getVolatile(this)) {
            case PENDING -> "pending";
            case FIRED -> "fired";
            default -> "cancelled";
        };
        return s + ", to " + target;
    }
}
