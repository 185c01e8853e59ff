package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Output;
import io.threadwire.serialize.spi.SpareArray;
import java.util.Arrays;

/**
 * The buffer a message is encoded into: Kryo's {@link Output}, writing the same bytes, except
 * that a write larger than the room left grows the buffer to fit it at once, and that
 * {@link #take} hands over a buffer the message fills exactly instead of copying it.
 *
 * <p>Why: Kryo's buffer doubles until a write fits, and copies a large array in pieces, doubling
 * after each. A 16 MiB {@code byte[]} message took it from 256 bytes through every power of two
 * to 32 MiB (the last doubling for the few header bytes before the array), and then
 * {@code toBytes} copied the 16 MiB out: some 80 MiB of arrays, each of them, from 512 KiB, a
 * humongous object that the G1 collector of a 1 GiB heap allocates outside its young regions and
 * that starts a collection when they run short. Here the same message takes one buffer of its
 * exact size, which becomes the encoded message. The buffers stay single arrays: encoding into
 * many small chunks halved the collections too but made each one longer, as the chunks of a
 * message in flight are live objects the collector copies (docs/benchmarks.md). An array the
 * codec was given back ({@link SpareArray}) is written into instead, when the buffer must grow to
 * exactly its size.
 *
 * <p>Not thread-safe: one encode at a time, as Kryo's.
 */
public final class MessageOutput extends Output {
    private final int initialSize;
    private final SpareArray spare;

    /** A buffer of {@code initialSize} bytes that may grow to {@code maxSize}, into {@code spare}'s array when it fits. */
    public MessageOutput(int initialSize, int maxSize, SpareArray spare) {
        super(initialSize, maxSize);
        this.initialSize = initialSize;
        this.spare = spare;
    }

    /**
     * Makes room for {@code required} more bytes: twice the capacity, or exactly enough if that is
     * more; in the spare array if it has exactly that size.
     */
    @Override
    protected boolean require(int required) {
        if (capacity - position >= required) {
            return false;
        }
        if (required > maxCapacity - position) {
            throw new KryoBufferOverflowException(required > maxCapacity
                    ? "Buffer overflow. Max capacity: " + maxCapacity + ", required: " + required
                    : "Buffer overflow. Available: " + (maxCapacity - position) + ", required: " + required);
        }
        int grown = (int) Math.min(maxCapacity, Math.max(Math.max(16L, 2L * capacity), (long) position + required));
        byte[] reused = grown >= SpareArray.MIN_BYTES ? spare.take(grown, grown) : null;
        if (reused != null) {
            System.arraycopy(buffer, 0, reused, 0, position);
            buffer = reused;
        } else {
            buffer = Arrays.copyOf(buffer, grown);
        }
        capacity = grown;
        return true;
    }

    /** Writes the bytes as Kryo's does, after making room for all of them at once. */
    @Override
    public void writeBytes(byte[] bytes, int offset, int count) {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes cannot be null.");
        }
        require(count);
        System.arraycopy(bytes, offset, buffer, position, count);
        position += count;
    }

    /**
     * The bytes written, in an array of their own: the buffer itself if they fill it (this
     * output then starts again with a buffer of its initial size), else a copy.
     */
    public byte[] take() {
        if (position != buffer.length) {
            return toBytes();
        }
        byte[] whole = buffer;
        setBuffer(new byte[initialSize], maxCapacity);
        return whole;
    }
}
