package io.threadwire.core;

/**
 * The target of a synchronous call, a registration or a link does not exist: it ended, it was
 * never started, or no thread is registered under that name on its node.
 */
public class NoSuchThreadException extends CallFailedException {
    private static final long serialVersionUID = 1L;

    public NoSuchThreadException(ThreadRef target, String message) {
        super(target, ExitReason.NOPROC, message);
    }
}
