package io.threadwire.serialize;

import io.threadwire.core.ThreadwireException;

/**
 * A message encodes to more bytes than the configured maximum
 * ({@code NodeConfig.maxMessageSize}). Thrown by {@code send} before anything is written: the
 * connection stays usable.
 */
public class MessageTooLargeException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    public MessageTooLargeException(String what, long limit) {
        super(what + " is larger than the maximum message size of " + limit + " bytes;"
                + " send it in parts, or raise NodeConfig.builder().maxMessageSize(...) on every node");
        this.limit = limit;
    }

    /** The configured maximum, in bytes. */
    public long limit() {
        return limit;
    }
}
