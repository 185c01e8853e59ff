package io.threadwire.core;

/** When a {@link Supervisor} restarts a child that ended, as in Erlang/OTP. */
public enum Restart {
    /** Always: the child should run for as long as its supervisor does. */
    PERMANENT,
    /** Only if it failed (ended for any reason but {@code normal}). */
    TRANSIENT,
    /** Never: once it ends, it is gone. */
    TEMPORARY;

    /** Whether a child with this policy that ended for {@code reason} is started again. */
    boolean restarts(ExitReason reason) {
        return switch (this) {
            case PERMANENT -> true;
            case TRANSIENT -> !reason.isNormal();
            case TEMPORARY -> false;
        };
    }
}
