package io.threadwire.core;

import java.util.Objects;

/**
 * A {@link Messaging#sendSynchronous sendSynchronous} call ended without a reply: the target
 * ended before it answered, or its node became unreachable or closed. Thrown as soon as that
 * is known, not at the call's timeout.
 */
public class CallFailedException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    private final transient ThreadRef target;
    private final transient ExitReason reason;

    /** The call to {@code target} ended without a reply, for {@code reason}. @throws NullPointerException if {@code target} or {@code reason} is null */
    public CallFailedException(ThreadRef target, ExitReason reason, String message) {
        super(message, reason instanceof ExitReason.Crashed crashed ? crashed.exception() : null);
        this.target = Objects.requireNonNull(target, "target");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The thread that was called. */
    public ThreadRef target() {
        return target;
    }

    /** Why no reply came: the target's exit reason, {@code noproc} or {@code noconnection}. */
    public ExitReason reason() {
        return reason;
    }
}
