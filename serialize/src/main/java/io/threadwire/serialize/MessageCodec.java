package io.threadwire.serialize;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import io.threadwire.serialize.internal.BoundedInput;
import io.threadwire.serialize.internal.KryoFactory;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Encodes messages to bytes and back with one node's Kryo configuration: its admitted types
 * ({@link MessageTypes}), its maximum message size and nesting depth, and its way of writing
 * thread handles ({@link HandleResolver}).
 *
 * <p>Thread-safe: any number of threads may encode and decode at once (each borrows a Kryo
 * instance from a pool). Encoding runs on the sending thread, so a message that cannot travel
 * fails there, before anything reaches a connection. Decoding reads one message from a byte
 * range that holds exactly that message: every declared length is checked against the bytes
 * left before it is allocated, and nesting is bounded, so hostile bytes cost at most their own
 * size in memory and end in {@link MalformedMessageException}.
 */
public final class MessageCodec {
    /** Room for a frame header in front of the payload, beyond the maximum payload size. */
    private static final int HEADER_ROOM = 1024;
    /** An encoder whose buffer grew past this for a big message gets a small one back. */
    private static final int KEEP_BUFFER = 64 * 1024;

    private final int maxMessageSize;
    private final Pool<Kryo> kryos;
    private final Pool<Output> outputs;

    /**
     * @param maxMessageSize the largest payload, in bytes, a message may encode to
     * @param maxDepth       the deepest nesting of objects a message may have
     */
    public MessageCodec(MessageTypes types, int maxMessageSize, int maxDepth, HandleResolver resolver) {
        Objects.requireNonNull(types, "types");
        Objects.requireNonNull(resolver, "resolver");
        if (maxMessageSize < 1 || maxMessageSize > 1 << 30) {
            throw new IllegalArgumentException("maxMessageSize must be 1 byte to 1 GiB: " + maxMessageSize);
        }
        if (maxDepth < 2) {
            throw new IllegalArgumentException("maxDepth must be at least 2: " + maxDepth);
        }
        this.maxMessageSize = maxMessageSize;
        int poolSize = 4 * Runtime.getRuntime().availableProcessors() + 4;
        this.kryos = new Pool<>(true, false, poolSize) {
            @Override
            protected Kryo create() {
                return KryoFactory.create(types, maxDepth, resolver);
            }
        };
        this.outputs = new Pool<>(true, false, poolSize) {
            @Override
            protected Output create() {
                return new Output(256, maxMessageSize + HEADER_ROOM);
            }
        };
        kryos.free(kryos.obtain()); // a configuration Kryo refuses fails here, not at the first message
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * Encodes {@code header} (written by the caller, may be null) followed by {@code message},
     * and returns the bytes.
     *
     * @throws ClassNotAdmittedException if the message holds an object of a class not admitted
     * @throws MessageTooLargeException  if the message encodes to more than the maximum
     * @throws IllegalArgumentException  if the message cannot be encoded for another reason
     *                                   (nesting too deep, a class Kryo cannot handle)
     */
    public byte[] encode(Object message, Consumer<Output> header) {
        Objects.requireNonNull(message, "message");
        Kryo kryo = kryos.obtain();
        Output out = outputs.obtain();
        boolean healthy = false;
        try {
            out.reset();
            if (header != null) {
                header.accept(out);
            }
            int start = out.position();
            kryo.writeClassAndObject(out, message);
            if (out.position() - start > maxMessageSize) {
                throw new MessageTooLargeException("a message of class " + message.getClass().getName() + " ("
                        + (out.position() - start) + " bytes)", maxMessageSize);
            }
            byte[] bytes = out.toBytes();
            healthy = true;
            return bytes;
        } catch (KryoException e) { // overflow of the bounded buffer comes bare or wrapped in a serialization trace
            if (find(e, KryoBufferOverflowException.class) != null) {
                throw new MessageTooLargeException("a message of class " + message.getClass().getName(), maxMessageSize);
            }
            throw encodingFailure(message, e);
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException("cannot encode a message of class " + message.getClass().getName()
                    + ": it is nested too deeply", e);
        } finally {
            if (out.getBuffer().length > KEEP_BUFFER) {
                out.setBuffer(new byte[256], maxMessageSize + HEADER_ROOM);
            }
            outputs.free(out);
            if (healthy) {
                kryos.free(kryo);
            } // else: a Kryo that failed mid-way may hold stale state (its generics stack); drop it
        }
    }

    /**
     * Decodes the one message in {@code bytes[offset, offset + length)}.
     *
     * @throws MalformedMessageException if the bytes are not exactly one admitted message
     */
    public Object decode(byte[] bytes, int offset, int length) {
        Kryo kryo = kryos.obtain();
        boolean healthy = false;
        try {
            BoundedInput in = new BoundedInput(bytes, offset, length);
            Object message = kryo.readClassAndObject(in);
            if (message == null) {
                throw new MalformedMessageException("a null message");
            }
            if (in.position() != offset + length) {
                throw new MalformedMessageException((offset + length - in.position()) + " bytes after the message");
            }
            healthy = true;
            return message;
        } catch (MalformedMessageException e) {
            throw e;
        } catch (Throwable t) { // hostile bytes can make Kryo throw anything, StackOverflowError included
            ClassNotAdmittedException refused = find(t, ClassNotAdmittedException.class);
            throw new MalformedMessageException(refused != null ? refused.getMessage()
                    : "undecodable message: " + firstLine(t), t);
        } finally {
            if (healthy) {
                kryos.free(kryo);
            }
        }
    }

    private static RuntimeException encodingFailure(Object message, KryoException e) {
        ClassNotAdmittedException refused = find(e, ClassNotAdmittedException.class);
        if (refused != null) {
            return new ClassNotAdmittedException(refused.className());
        }
        return new IllegalArgumentException("cannot encode a message of class " + message.getClass().getName() + ": "
                + firstLine(e), e);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
