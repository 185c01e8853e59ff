package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.KryoException;

/**
 * Decoding stopped at something a correct peer may send but this node cannot take: a class it
 * does not have or did not register, or a message bigger decoded than this node allows. The
 * bytes around the message are intact; {@code MessageCodec} turns this into an
 * {@code UndecodableMessageException} so the caller drops the one message. Thrown inside Kryo,
 * hence a {@link KryoException} (Kryo passes those through with a trace added).
 *
 * @param className the class concerned, or null if the bytes named only {@code classId}
 * @param classId   the registration id the bytes named, or -1
 */
public final class Refusal extends KryoException {
    private static final long serialVersionUID = 1L;

    /** What stopped decoding. */
    public enum Kind { NOT_ON_CLASS_PATH, UNKNOWN_CLASS_ID, TOO_LARGE_DECODED, CONSTRUCTOR_FAILED }

    private final Kind kind;
    private final String className;
    private final int classId;
    private final String reason;

    private Refusal(Kind kind, String className, int classId, String reason) {
        super(reason);
        this.kind = kind;
        this.className = className;
        this.classId = classId;
        this.reason = reason;
    }

    /** The bytes name a class by name that is not on this node's class path. */
    static Refusal notOnClassPath(String className) {
        return new Refusal(Kind.NOT_ON_CLASS_PATH, className, -1, "class " + className + " is not on this node's class path;"
                + " deploy the same message classes on every node");
    }

    /** The bytes name a class by name that is on this node's class path but cannot be loaded. */
    static Refusal notLoadable(String className, LinkageError error) {
        return new Refusal(Kind.NOT_ON_CLASS_PATH, className, -1, "class " + className + " cannot be loaded on this node ("
                + error + "); deploy the same message classes, and what they need, on every node");
    }

    /** The bytes name a registration id this node has no class for. */
    static Refusal unknownClassId(int id) {
        return new Refusal(Kind.UNKNOWN_CLASS_ID, null, id, "class id " + id + " is registered by the sender but not here;"
                + " register the same classes on every node (or mark them @Message)");
    }

    /** The message's decoded estimate passed the limit. */
    static Refusal tooLargeDecoded(long maxDecoded, long at, int messageBytes) {
        return new Refusal(Kind.TOO_LARGE_DECODED, null, -1, "decoded, the message would take more than its limit of " + maxDecoded
                + " bytes of heap (passed after " + at + " of its " + messageBytes + " bytes); send the data in"
                + " smaller messages, or raise the receiving node's maxDecodedSize");
    }

    /** The constructor of {@code className} threw {@code cause} on the values decoded for it. */
    static Refusal constructorFailed(String className, Throwable cause) {
        Refusal r = new Refusal(Kind.CONSTRUCTOR_FAILED, className, -1, "class " + className
                + " refused the values decoded for it (" + cause + "); do the nodes run the same version of it?");
        r.initCause(cause);
        return r;
    }

    /** While encoding: the message's estimate passed the receiver's limit. */
    static Refusal tooLargeEstimate(long maxDecoded) {
        return new Refusal(Kind.TOO_LARGE_DECODED, null, -1, "decoded, the message would take more than "
                + maxDecoded + " bytes of heap");
    }

    public Kind kind() {
        return kind;
    }

    /** The class concerned, or null if unknown here. */
    public String className() {
        return className;
    }

    /** The registration id the bytes named, or -1. */
    public int classId() {
        return classId;
    }

    /** What went wrong and what to do, in one sentence. */
    public String reason() {
        return reason;
    }
}
