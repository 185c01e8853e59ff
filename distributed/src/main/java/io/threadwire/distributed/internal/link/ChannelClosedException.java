package io.threadwire.distributed.internal.link;

/** A channel closed before (or while) it could be used. */
final class ChannelClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean duplicate;

    ChannelClosedException(String reason, boolean duplicate) {
        super(reason, null, false, false);
        this.duplicate = duplicate;
    }

    /** Whether the peer refused it because the connection it dialed is used instead. */
    boolean duplicate() {
        return duplicate;
    }
}
