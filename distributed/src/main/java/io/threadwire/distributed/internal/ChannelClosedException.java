package io.threadwire.distributed.internal;

/** A channel closed before (or while) it could be used. */
final class ChannelClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ChannelClosedException(String reason) {
        super(reason, null, false, false);
    }
}
