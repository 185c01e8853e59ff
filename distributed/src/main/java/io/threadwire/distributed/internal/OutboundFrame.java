package io.threadwire.distributed.internal;

import java.nio.ByteBuffer;

/**
 * A batch of encoded items that goes out as one KryoNet frame: the writer of a channel fills
 * it, {@link FrameSerialization} copies it into KryoNet's write buffer (sealing it first when
 * the channel encrypts). Owned by one writer; reused frame after frame.
 */
final class OutboundFrame {
    /** Frame type byte and AES-GCM tag: the most a frame adds to its items. */
    static final int OVERHEAD = 1 + FrameCipher.TAG_BYTES;

    private byte[][] items = new byte[64][];
    private int count;
    private int bodyBytes; // items with their length prefixes

    void clear() {
        for (int i = 0; i < count; i++) {
            items[i] = null;
        }
        count = 0;
        bodyBytes = 0;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int count() {
        return count;
    }

    byte[] item(int i) {
        return items[i];
    }

    /** Bytes the item adds to the frame, length prefix included. */
    static int sizeOf(byte[] item) {
        return varIntSize(item.length) + item.length;
    }

    void add(byte[] item) {
        if (count == items.length) {
            byte[][] bigger = new byte[count * 2][];
            System.arraycopy(items, 0, bigger, 0, count);
            items = bigger;
        }
        items[count++] = item;
        bodyBytes += sizeOf(item);
    }

    /** The items with their length prefixes, unsealed. */
    int bodyBytes() {
        return bodyBytes;
    }

    /** Writes the items with their length prefixes into {@code out}. */
    void writeBody(ByteBuffer out) {
        for (int i = 0; i < count; i++) {
            putVarInt(out, items[i].length);
            out.put(items[i]);
        }
    }

    /** Writes the items with their length prefixes into {@code out} at {@code offset}; returns the end. */
    int writeBody(byte[] out, int offset) {
        int p = offset;
        for (int i = 0; i < count; i++) {
            int v = items[i].length;
            while ((v & ~0x7F) != 0) {
                out[p++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out[p++] = (byte) v;
            System.arraycopy(items[i], 0, out, p, items[i].length);
            p += items[i].length;
        }
        return p;
    }

    static int varIntSize(int v) {
        int n = 1;
        while ((v & ~0x7F) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    static void putVarInt(ByteBuffer out, int v) {
        while ((v & ~0x7F) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }
}
