package io.threadwire.serialize;

import io.threadwire.core.ThreadwireException;

/**
 * A message encodes to more bytes than the configured maximum
 * ({@code NodeConfig.maxMessageSize}), or would take more heap decoded than the maximum decoded
 * size ({@link MessageCodec#maxDecodedSize()}). Thrown by {@code send} before anything is
 * written: the connection stays usable.
 */
public class MessageTooLargeException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    /** {@code what} (a description, such as "a message of class X") encodes to more than {@code limit} bytes. */
    public MessageTooLargeException(String what, long limit) {
        this(limit, what + " is larger than the maximum message size of " + limit + " bytes;"
                + " send it in parts, or raise NodeConfig.builder().maxMessageSize(...) on every node");
    }

    private MessageTooLargeException(long limit, String message) {
        super(message);
        this.limit = limit;
    }

    /** {@code what} would take more than {@code limit} bytes of heap once decoded. */
    public static MessageTooLargeException decodedSize(String what, long limit) {
        return new MessageTooLargeException(limit, what + " would take more than the maximum decoded size of " + limit
                + " bytes of heap on the receiving node; send it in parts, or raise maxDecodedSize on every node");
    }

    /** The configured maximum, in bytes. */
    public long limit() {
        return limit;
    }
}
