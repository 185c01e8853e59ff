package io.threadwire.serialize;

import io.threadwire.core.ThreadwireException;

/**
 * Bytes from the network do not decode to an admitted message: truncated or trailing data, a
 * declared length beyond the bytes that follow, nesting deeper than allowed, an unknown or
 * refused class. The node closes the connection the bytes came from.
 */
public class MalformedMessageException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedMessageException(String message) {
        super(message);
    }
}
