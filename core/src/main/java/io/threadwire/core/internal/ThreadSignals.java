package io.threadwire.core.internal;

import io.threadwire.core.ExitReason;
import io.threadwire.core.ExitSignalException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveInterruptedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A thread's exit signal (see {@code Messaging.exit}) and the checkpoint of its waits, which
 * throws it. {@link ThreadState} is built on it (one object per thread, for its memory).
 *
 * <p>{@link #requestExit} records the reason (the first one wins) and interrupts the thread; its
 * waits then throw {@link ExitSignalException}, every time, and its next send throws it once.
 * The checkpoint runs before a receive returns a message and before each wait, so a message
 * sent after the signal, by the thread that sent the signal, is never taken: whoever sees the
 * message sees the signal.
 */
abstract class ThreadSignals extends ThreadLife implements Mailbox.Checkpoint {
    private static final VarHandle EXIT_SIGNAL;

    static {
        try {
            EXIT_SIGNAL = MethodHandles.lookup().findVarHandle(ThreadSignals.class, "exitSignal", ExitSignal.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // written through EXIT_SIGNAL
    private volatile ExitSignal exitSignal; // the first exit signal sent to it, or null

    /** The JDK thread, or null before it exists. */
    abstract Thread thread();

    public abstract LocalThread ref();

    /** Whether threadwire did not start the thread (main, a pool thread). */
    abstract boolean adopted();

    /** Ends the thread's threadwire life with {@code reason}, once. */
    abstract void exit(ExitReason reason);

    /**
     * Owner only, the checkpoint of every receive: throws what must end a wait now, an exit
     * signal or an interrupt.
     */
    @Override
    public final void check() {
        if (exitSignal != null) {
            raiseExit();
        }
        if (Thread.interrupted()) {
            if (exitSignal != null) {
                raiseExit(); // the interrupt came with an exit signal sent after the first look above
            }
            throw new ReceiveInterruptedException("thread " + ref() + " was interrupted while waiting");
        }
    }

    /**
     * Asks the thread to end with {@code reason} at its next wait (and at its next send, once).
     * The first request wins; false if the thread has ended or was already asked. Never blocks.
     */
    public final boolean requestExit(ExitReason reason) {
        ExitSignal signal = new ExitSignal(reason);
        if (!isAlive() || !EXIT_SIGNAL.compareAndSet(this, (ExitSignal) null, signal)) {
            return false;
        }
        signal.pending();
        if (!isAlive()) {
            signal.done(); // it ended meanwhile, perhaps before the signal was there to see
        }
        Thread t = thread();
        if (t != null && t != Thread.currentThread()) {
            t.interrupt(); // ends JDK waits too (sleep, join, blocking I/O), and wakes every threadwire wait
        }
        signal.sent(); // the thread may throw it now: the interrupt it clears then is this one (see raiseExit)
        return true;
    }

    /** Asks the thread to end with reason {@code shutdown}: its current and every later wait throws. */
    public final void requestStop() {
        requestExit(ExitReason.SHUTDOWN);
    }

    /** Whether the thread has been asked to end (by an exit signal or a stop). */
    public final boolean isStopRequested() {
        return exitSignal != null;
    }

    /** The reason the thread was asked to end with, or null. */
    final ExitReason exitRequested() {
        ExitSignal s = exitSignal;
        return s == null ? null : s.reason;
    }

    /** Owner only: throws the exit signal if there is one that has not been thrown yet (a send's check). */
    final void raiseExitOnce() {
        ExitSignal s = exitSignal;
        if (s != null && s.isPending()) {
            raiseExit();
        }
    }

    /**
     * Owner only: throws the exit signal. A thread threadwire did not start is not ended by it,
     * so its threadwire life ends here (monitors and links fire with the reason); if it goes on
     * to use threadwire, it does so as a new thread with a new mailbox.
     */
    final void raiseExit() {
        ExitSignal signal = exitSignal;
        ExitReason reason = signal.reason;
        signal.done();
        signal.awaitSent(); // the thread may have seen the signal before its sender interrupted it
        Thread.interrupted(); // the interrupt was only the means of delivery
        if (adopted()) {
            Threads.forget((ThreadState) this);
            exit(reason);
        }
        throw new ExitSignalException(ref(), reason);
    }

    @Override
    void ended(ExitReason reason) {
        ExitSignal signal = exitSignal;
        if (signal != null) {
            signal.done(); // it waits no more to be thrown
        }
    }
}
