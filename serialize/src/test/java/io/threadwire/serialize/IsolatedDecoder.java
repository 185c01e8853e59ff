package io.threadwire.serialize;

/** Runs inside an {@link IsolatedLoader}: decodes with a codec of that loader and reports the outcome as text. */
public final class IsolatedDecoder {
    private IsolatedDecoder() {
    }

    /**
     * Decodes {@code bytes} with the built-in types plus {@code allowedPackage} (if not null),
     * admitting marked types or not, resolving names in this class's loader; returns "decoded "
     * and the message's class name, or the simple name of the exception thrown, ": " and its
     * message.
     */
    public static String decode(byte[] bytes, String allowedPackage, boolean admitMarked) {
        MessageTypes.Builder types = MessageTypes.builder().admitMarkedTypes(admitMarked)
                .classLoader(IsolatedDecoder.class.getClassLoader());
        if (allowedPackage != null) {
            types.allowPackage(allowedPackage);
        }
        MessageCodec codec = new MessageCodec(types.build(), 1 << 20, 64, Codecs.nodeB());
        try {
            return "decoded " + codec.decode(bytes, 0, bytes.length).getClass().getName();
        } catch (RuntimeException | Error e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
