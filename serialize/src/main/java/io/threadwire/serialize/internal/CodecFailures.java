package io.threadwire.serialize.internal;

import io.threadwire.serialize.AdmittedTypes;
import io.threadwire.serialize.ClassNotAdmittedException;
import io.threadwire.serialize.UndecodableMessageException;
import java.util.Map;

/** What a failure thrown inside Kryo means for the codec's caller. */
public final class CodecFailures {
    private CodecFailures() {
    }

    /** The failure as an UndecodableMessageException, if it is one a correct peer can cause; else null. */
    public static UndecodableMessageException undecodable(Throwable t, String messageClass, AdmittedTypes sender) {
        ClassNotAdmittedException refused = find(t, ClassNotAdmittedException.class);
        if (refused != null) {
            return new UndecodableMessageException(refused.className(), of(messageClass) + refused.getMessage(), t);
        }
        Refusal refusal = find(t, Refusal.class);
        if (refusal == null) {
            return null;
        }
        String className = refusal.className();
        String reason = refusal.reason();
        if (refusal.kind() == Refusal.Kind.UNKNOWN_CLASS_ID && sender != null) {
            for (Map.Entry<String, Integer> e : sender.registered().entrySet()) {
                if (e.getValue() == refusal.classId()) {
                    className = e.getKey();
                    reason = "class " + className + " (id " + refusal.classId() + ") is registered by the sender but not"
                            + " here; register it on every node, or mark it @Message";
                }
            }
        }
        return new UndecodableMessageException(className != null ? className : messageClass, of(messageClass) + reason, t);
    }

    private static String of(String messageClass) {
        return messageClass == null ? "" : "a message of class " + messageClass + ": ";
    }

    /** The first throwable of {@code type} in the cause chain of {@code t}, or null. */
    public static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /** The first line of the message of {@code t} (Kryo appends a serialization trace on further lines). */
    public static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
