package io.threadwire.serialize;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Output;
import io.threadwire.serialize.internal.BoundedInput;
import io.threadwire.serialize.internal.CodecFailures;
import io.threadwire.serialize.internal.GuardedKryo;
import io.threadwire.serialize.internal.KryoDefaults;
import io.threadwire.serialize.internal.KryoFactory;
import io.threadwire.serialize.internal.MessageOutput;
import io.threadwire.serialize.internal.Refusal;
import io.threadwire.serialize.internal.SlotPool;
import io.threadwire.serialize.spi.SpareArray;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Encodes messages to bytes and back with one node's Kryo configuration: its admitted types
 * ({@link MessageTypes}), its maximum message size, nesting depth and decoded size, and its way
 * of writing thread handles ({@link HandleResolver}).
 *
 * <p>Thread-safe: any number of threads may encode and decode at once (each borrows a Kryo
 * instance from a pool). Encoding runs on the sending thread, so a message that cannot travel
 * fails there, before anything reaches a connection. Decoding reads one message from a byte
 * range that holds exactly that message, and costs at most O(n log n) time in its size n:
 * <ul>
 *   <li>every declared length is checked against the bytes left before it is allocated, and
 *       nesting is bounded;</li>
 *   <li>what decoding allocates is estimated as it goes (each object, string, array and
 *       collection; see {@link #maxDecodedSize()}), and a message past the limit is refused;</li>
 *   <li>a hash-based set or map with more than 64 keys of one hash code is refused before any is
 *       inserted (colliding keys would make inserting quadratic).</li>
 * </ul>
 * Bytes that break these rules end in {@link MalformedMessageException}; a message whose bytes
 * are intact but which this node cannot take ends in its subclass
 * {@link UndecodableMessageException}, naming the class.
 */
public final class MessageCodec {
    static {
        KryoDefaults.apply(); // before anything here touches Kryo
    }

    /** Room for a frame header in front of the payload, beyond the maximum payload size. */
    private static final int HEADER_ROOM = 1024;
    /** An encoder whose buffer grew past this for a big message gets a small one back. */
    private static final int KEEP_BUFFER = 64 * 1024;
    /** The least default maximum decoded size. */
    private static final long MIN_DEFAULT_DECODED = 64L << 20;

    private final int maxMessageSize;
    private final long maxDecodedSize;
    private final SlotPool<GuardedKryo> kryos;
    private final SlotPool<MessageOutput> outputs;
    private final SpareArray spare = new SpareArray();

    /**
     * A codec whose maximum decoded size is the default for {@code maxMessageSize}
     * ({@link #defaultMaxDecodedSize}).
     *
     * @param maxMessageSize the largest payload, in bytes, a message may encode to
     * @param maxDepth       the deepest nesting of objects a message may have
     */
    public MessageCodec(MessageTypes types, int maxMessageSize, int maxDepth, HandleResolver resolver) {
        this(types, maxMessageSize, maxDepth, defaultMaxDecodedSize(maxMessageSize), resolver);
    }

    /**
     * @param maxMessageSize the largest payload, in bytes, a message may encode to (1 byte to 1 GiB)
     * @param maxDepth       the deepest nesting of objects a message may have (at least 2)
     * @param maxDecodedSize the most heap, in bytes, one message may take once decoded, as
     *                       estimated while decoding (at least 1 KiB): bounds what a peer can make
     *                       this node allocate with one message, whatever its bytes
     */
    public MessageCodec(MessageTypes types, int maxMessageSize, int maxDepth, long maxDecodedSize,
            HandleResolver resolver) {
        Objects.requireNonNull(types, "types");
        Objects.requireNonNull(resolver, "resolver");
        if (maxMessageSize < 1 || maxMessageSize > 1 << 30) {
            throw new IllegalArgumentException("maxMessageSize must be 1 byte to 1 GiB: " + maxMessageSize);
        }
        if (maxDepth < 2) {
            throw new IllegalArgumentException("maxDepth must be at least 2: " + maxDepth);
        }
        if (maxDecodedSize < 1024) {
            throw new IllegalArgumentException("maxDecodedSize must be at least 1 KiB: " + maxDecodedSize);
        }
        this.maxMessageSize = maxMessageSize;
        this.maxDecodedSize = maxDecodedSize;
        ClassLoader loader = types.codecClassLoader();
        int poolSize = 4 * Runtime.getRuntime().availableProcessors() + 4;
        this.kryos = new SlotPool<>(poolSize, () -> KryoFactory.create(types, maxDepth, maxDecodedSize, resolver, loader));
        this.outputs = new SlotPool<>(poolSize, () -> new MessageOutput(256, maxMessageSize + HEADER_ROOM, spare));
        kryos.free(kryos.obtain()); // a configuration Kryo refuses fails here, not at the first message
    }

    /**
     * The default maximum decoded size for a maximum message size: four times it, and at least
     * 64 MiB (128 MiB for the default 32 MiB messages). A message of small objects takes many
     * times its size in heap (a list of one-letter strings about twenty-five times), so a
     * multiple of each message's own size would refuse ordinary messages or bound nothing; a
     * fixed figure bounds every message alike.
     */
    public static long defaultMaxDecodedSize(int maxMessageSize) {
        return Math.max(MIN_DEFAULT_DECODED, 4L * maxMessageSize);
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * The most heap, in bytes, one message may take once decoded. Estimated as it is decoded (for
     * a 64-bit JVM with compressed references): each object its header and fields, each string
     * and array its length, each collection its array or nodes. A message that would pass it is
     * refused, by the receiver with {@link UndecodableMessageException}, and already by a sender
     * with the same limit with {@link MessageTooLargeException}.
     */
    public long maxDecodedSize() {
        return maxDecodedSize;
    }

    /**
     * The most heap, in bytes, a message of {@code bytes} encoded bytes may take once decoded:
     * {@link #maxDecodedSize()}, or less for a message too small to reach it. What a receiver
     * sets aside before decoding, so that many messages decoded at once cannot together take
     * more than it has.
     */
    public long decodedSizeBound(long bytes) {
        return Math.min(maxDecodedSize, BoundedInput.worstCase(Math.max(0, bytes)));
    }

    /**
     * Gives back an array that {@link #encode} returned, once nothing reads or writes it any more:
     * the next message that encodes to exactly its length (with its header) is written into it
     * instead of a new array. Only one array of at least 512 KiB is kept, held softly; a smaller
     * one is left to the collector. Thread-safe.
     *
     * <p>For a sender of big messages that copies the encoded bytes out, as a node does when it
     * cuts a message into fragments: a stream of messages of one size then allocates no array
     * per message.
     */
    public void recycle(byte[] encoded) {
        spare.offer(Objects.requireNonNull(encoded, "encoded"));
    }

    /** {@link #encode(Object, Consumer, AdmittedTypes)} with no check against a peer. */
    public byte[] encode(Object message, Consumer<Output> header) {
        return encode(message, header, null);
    }

    /**
     * Encodes {@code header} (written by the caller, may be null) followed by {@code message},
     * and returns the bytes. If {@code receiver} is not null, every class in the message must
     * be one the node it describes decodes.
     *
     * @throws ClassNotAdmittedException if the message holds an object of a class not admitted
     *                                   here, or not by {@code receiver}; it names the class
     * @throws MessageTooLargeException  if the message encodes to more than the maximum, or
     *                                   would decode to more than the maximum decoded size
     * @throws IllegalArgumentException  if the message cannot be encoded for another reason
     *                                   (nesting too deep, a class Kryo cannot handle, a hash-based
     *                                   collection the receiver would refuse)
     */
    public byte[] encode(Object message, Consumer<Output> header, AdmittedTypes receiver) {
        Objects.requireNonNull(message, "message");
        GuardedKryo kryo = kryos.obtain();
        MessageOutput out = outputs.obtain();
        boolean healthy = false;
        try {
            int size = write(kryo, out, message, header, receiver, false);
            if (BoundedInput.mayDecodeBeyond(size, maxDecodedSize)) { // big: write it again, counting
                write(kryo, out, message, header, receiver, true);
            }
            byte[] bytes = out.take(); // a big message's exact buffer, not a copy
            healthy = true;
            return bytes;
        } catch (KryoException e) { // overflow of the bounded buffer comes bare or wrapped in a serialization trace
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

    private int write(GuardedKryo kryo, Output out, Object message, Consumer<Output> header, AdmittedTypes receiver,
            boolean track) {
        out.reset();
        if (header != null) {
            header.accept(out);
        }
        int start = out.position();
        kryo.beginEncode(receiver, track);
        kryo.writeClassAndObject(out, message);
        int size = out.position() - start;
        if (size > maxMessageSize) {
            throw new MessageTooLargeException("a message of class " + message.getClass().getName() + " (" + size
                    + " bytes)", maxMessageSize);
        }
        return size;
    }

    /** {@link #decode(byte[], int, int, AdmittedTypes)} without the sender's description. */
    public Object decode(byte[] bytes, int offset, int length) {
        return decode(bytes, offset, length, null);
    }

    /**
     * Decodes the one message in {@code bytes[offset, offset + length)}. {@code sender}, if not
     * null, describes what the sending node admits; it only serves to name, in an error, a class
     * the sender registered and this node did not.
     *
     * @throws UndecodableMessageException if the bytes are intact but name a class this node does
     *                                     not admit, does not have or did not register, or would
     *                                     decode to more than the maximum decoded size: drop the
     *                                     message, the bytes around it can still be read
     * @throws MalformedMessageException   if the bytes are not exactly one well-formed message
     * @throws NullPointerException        if {@code bytes} is null
     * @throws IndexOutOfBoundsException   if the range is not inside {@code bytes}
     */
    public Object decode(byte[] bytes, int offset, int length, AdmittedTypes sender) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.checkFromIndexSize(offset, length, bytes.length); // a caller's mistake, not the peer's: no Kryo is spent on it
        GuardedKryo kryo = kryos.obtain();
        boolean reusable = false;
        try {
            kryo.beginDecode();
            BoundedInput in = new BoundedInput(bytes, offset, length, maxDecodedSize);
            Object message = kryo.readClassAndObject(in);
            if (message == null) {
                throw new MalformedMessageException("a null message");
            }
            if (in.position() != offset + length) {
                throw new MalformedMessageException((offset + length - in.position()) + " bytes after the message");
            }
            reusable = true;
            return message;
        } catch (MalformedMessageException e) {
            throw e;
        } catch (Throwable t) { // hostile bytes can make Kryo throw anything, StackOverflowError included
            UndecodableMessageException undecodable = CodecFailures.undecodable(t, kryo.messageClass(), sender);
            if (undecodable != null) {
                kryo.recover(); // a peer may send many of these: keep the Kryo rather than build another
                reusable = true;
                throw undecodable;
            }
            throw new MalformedMessageException("undecodable message: " + CodecFailures.firstLine(t), t);
        } finally {
            if (reusable) {
                kryos.free(kryo);
            } // else: a Kryo that failed mid-way may hold stale state; drop it
        }
    }

    private RuntimeException encodingFailure(Object message, KryoException e) {
        if (CodecFailures.find(e, KryoBufferOverflowException.class) != null) {
            return new MessageTooLargeException("a message of class " + message.getClass().getName(), maxMessageSize);
        }
        ClassNotAdmittedException refused = CodecFailures.find(e, ClassNotAdmittedException.class);
        if (refused != null) {
            return refused;
        }
        Refusal refusal = CodecFailures.find(e, Refusal.class);
        if (refusal != null && refusal.kind() == Refusal.Kind.TOO_LARGE_DECODED) {
            return MessageTooLargeException.decodedSize("a message of class " + message.getClass().getName(),
                    maxDecodedSize);
        }
        return new IllegalArgumentException("cannot encode a message of class " + message.getClass().getName() + ": "
                + CodecFailures.firstLine(e), e);
    }
}
