package io.threadwire.core;

import java.util.Objects;

/**
 * The thread was told to end, by {@link Messaging#exit exit}, by its supervisor or by its
 * node's {@code close()}: thrown by its next {@code receive}, wait or call (and by its next
 * {@code send}, once), so that its body ends. The thread ends with {@link #reason()} whatever
 * its body does next: monitors see that reason and links carry it.
 *
 * <p>Catching it does not cancel the exit: every later {@code receive} or call of the thread
 * throws it again, so that the thread cannot miss it; {@code send} works again, so that the
 * thread can clean up. The thread's interrupt status is cleared when it is thrown.
 */
public class ExitSignalException extends ReceiveInterruptedException {
    private static final long serialVersionUID = 1L;

    private final transient ExitReason reason;

    /** The exit of {@code thread} with {@code reason}. @throws NullPointerException if an argument is null */
    public ExitSignalException(ThreadRef thread, ExitReason reason) {
        super("thread " + Objects.requireNonNull(thread, "thread") + " was told to exit: "
                + Objects.requireNonNull(reason, "reason"));
        this.reason = reason;
    }

    /** The reason the thread ends with. */
    public ExitReason reason() {
        return reason;
    }
}
