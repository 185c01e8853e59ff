package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Output;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kryo {@link Output} that grows in chunks of a fixed size instead of by doubling one buffer,
 * and gives back exactly the bytes written ({@link #bytes()}).
 *
 * <p>Why: an {@code Output} that doubles its buffer leaves, for a message of n bytes, about 2n
 * bytes of discarded buffers behind it, and every one of them past half a G1 region (512 KiB at
 * a 1 GiB heap) is a humongous object. A stream of 16 MiB messages then made the sending JVM
 * collect about sixteen times a second, and each pause held up every small message on the node.
 * Here a big message costs its chunks (small, young objects) and one exact array at the end.
 *
 * <p>It uses Kryo's own path for an {@code Output} on a stream: when the buffer is full, Kryo
 * flushes it, and the stream behind this class copies it into a chunk. One thread at a time;
 * reusable after {@link #restart()}.
 */
public final class ChunkedOutput extends Output {
    private final Chunks chunks;

    /**
     * @param chunkSize the buffer Kryo writes into, and the size of each chunk
     * @param maxBytes  the most bytes one encoding may write; past it a
     *                  {@link KryoBufferOverflowException}, as a bounded {@code Output} throws
     */
    public ChunkedOutput(int chunkSize, long maxBytes) {
        this(new Chunks(maxBytes), chunkSize);
    }

    private ChunkedOutput(Chunks chunks, int chunkSize) {
        super(chunks, chunkSize);
        this.chunks = chunks;
    }

    /** Forgets what was written, chunks included, to encode something else. */
    public void restart() {
        reset();
        chunks.clear();
    }

    /** The bytes written since the last {@link #restart()}, in one array of exactly that length. */
    public byte[] bytes() {
        long length = total();
        if (length > Integer.MAX_VALUE - 8) {
            throw new KryoBufferOverflowException("more than an array holds: " + length);
        }
        byte[] out = new byte[(int) length];
        int at = chunks.copyTo(out);
        System.arraycopy(buffer, 0, out, at, position);
        return out;
    }

    /** The full buffers Kryo flushed, each copied; bounded by {@code maxBytes} with the buffer in use. */
    private static final class Chunks extends OutputStream {
        private final long maxBytes;
        private final List<byte[]> full = new ArrayList<>();
        private long size;

        Chunks(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len == 0) {
                return;
            }
            // the buffer in use still holds up to one chunk more: checked with the chunk here,
            // and the whole again by the codec's own size check
            if (size + len > maxBytes) {
                throw new KryoBufferOverflowException("more than " + maxBytes + " bytes");
            }
            byte[] chunk = new byte[len];
            System.arraycopy(b, off, chunk, 0, len);
            full.add(chunk);
            size += len;
        }

        int copyTo(byte[] out) {
            int at = 0;
            for (byte[] chunk : full) {
                System.arraycopy(chunk, 0, out, at, chunk.length);
                at += chunk.length;
            }
            return at;
        }

        void clear() {
            full.clear();
            size = 0;
        }
    }
}
