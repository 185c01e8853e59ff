package io.threadwire.core;

/**
 * The target of a synchronous call, a registration or a link does not exist: it ended, it was
 * never started, or no thread is registered under that name on its node.
 */
public class NoSuchThreadException extends CallFailedException {
    private static final long serialVersionUID = 1L;

    /** {@code target} does not exist; its reason is {@code noproc}. @throws NullPointerException if {@code target} is null */
    public NoSuchThreadException(ThreadRef target, String message) {
        super(target, ExitReason.NOPROC, message);
    }
}
