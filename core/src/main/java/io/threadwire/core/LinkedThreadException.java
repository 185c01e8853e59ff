package io.threadwire.core;

import java.util.Objects;

/**
 * A thread linked to the current one failed: thrown by the current thread's next
 * {@code receive} (or synchronous call), as Factor's {@code spawn-linked} does. The cause is
 * the exception that ended the linked thread, when there was one.
 *
 * <p>If the current thread does not catch it, it ends with this exception
 * ({@link ExitReason.Crashed}), which in turn travels along its own links; if the linked thread
 * ended with {@link ExitReason#SHUTDOWN shutdown}, the current thread ends with
 * {@code shutdown} too, as an Erlang process that does not trap exits takes the reason of the
 * exit signal that killed it (a supervisor does not restart a transient child ended so).
 */
public class LinkedThreadException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    private final transient ThreadRef thread;
    private final transient ExitReason reason;

    /** Linked {@code thread} ended with {@code reason} (its exception, if crashed, is the cause). @throws NullPointerException if an argument is null */
    public LinkedThreadException(ThreadRef thread, ExitReason reason) {
        super("linked thread " + thread + " ended: " + reason,
                reason instanceof ExitReason.Crashed crashed ? crashed.exception() : null);
        this.thread = Objects.requireNonNull(thread, "thread");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The linked thread that ended. */
    public ThreadRef thread() {
        return thread;
    }

    /** Why it ended; never {@code normal}. */
    public ExitReason reason() {
        return reason;
    }
}
