package io.threadwire.distributed.internal.wire;

/** A peer broke the protocol: the connection it came from is closed, nothing else. */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
