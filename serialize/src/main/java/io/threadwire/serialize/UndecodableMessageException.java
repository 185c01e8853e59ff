package io.threadwire.serialize;

/**
 * One message could not be decoded on this node, though its bytes are intact: it holds a class
 * this node does not admit, does not have on its class path, or did not register under the id
 * the sender used, or whose constructor refuses the values it was sent, or it would take more
 * heap decoded than this node allows. A correct peer
 * configured differently can send such a message (a deploy mismatch, not an attack), so the
 * receiver drops that one message, counts and logs it, and goes on reading the connection; any
 * other {@link MalformedMessageException} means the bytes themselves cannot be trusted.
 */
public class UndecodableMessageException extends MalformedMessageException {
    private static final long serialVersionUID = 1L;

    private final String className;

    /** @param className the class it could not be decoded for, or null; @param message why; @param cause what decoding threw (may be null) */
    public UndecodableMessageException(String className, String message, Throwable cause) {
        super(message, cause);
        this.className = className;
    }

    /**
     * The class the message could not be decoded for: the one refused or missing if known, else
     * the class of the message itself; null if not even that was read.
     */
    public String className() {
        return className;
    }
}
