package io.threadwire.core;

/** When a {@link Supervisor} restarts a child that ended, as in Erlang/OTP. */
public enum Restart {
    /** Always: the child should run for as long as its supervisor does. */
    PERMANENT,
    /**
     * Only if it failed: ended for any reason but {@link ExitReason#NORMAL normal} or
     * {@link ExitReason#SHUTDOWN shutdown}, as OTP's {@code transient}. A child told to shut
     * down ({@code exit(child, ExitReason.SHUTDOWN)}, or its node closing) did not fail, so it is
     * neither restarted nor counted toward the restart intensity. A child ended with a reason of
     * the caller's own ({@link ExitReason.Custom}) or by an exception is restarted.
     */
    TRANSIENT,
    /** Never: once it ends, it is gone. */
    TEMPORARY;

    /** Whether a child with this policy that ended for {@code reason} is started again. */
    boolean restarts(ExitReason reason) {
        return switch (this) {
            case PERMANENT -> true;
            case TRANSIENT -> !(reason.isNormal() || reason instanceof ExitReason.Shutdown);
            case TEMPORARY -> false;
        };
    }
}
