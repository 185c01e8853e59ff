package io.threadwire.serialize;

import io.threadwire.core.ThreadwireException;

/**
 * Bytes from the network do not decode to an admitted message: truncated or trailing data, a
 * declared length beyond the bytes that follow, nesting deeper than allowed, a hash-based
 * collection whose keys share hash codes beyond the limit, an unknown or refused class.
 *
 * <p>Its subclass {@link UndecodableMessageException} means the bytes are intact and only this
 * message is lost (a class this node does not admit or have, a message too big decoded): the
 * node drops it and keeps the connection. Any other instance means the bytes cannot be
 * trusted: the node closes the connection they came from.
 */
public class MalformedMessageException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    /** @param message what is malformed; @param cause what reading it threw (may be null) */
    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message what is malformed */
    public MalformedMessageException(String message) {
        super(message);
    }
}
