package io.threadwire.distributed.internal.wire;

import java.nio.ByteBuffer;

/**
 * The body of a data frame on its way out: a batch of encoded items, each written with its
 * varint length ({@link Protocol}). A channel's writer fills it; the transport's frame codec
 * copies it into KryoNet's write buffer, sealed first when the connection encrypts. Owned by
 * one writer; reused frame after frame.
 */
public final class OutboundFrame {
    /** Frame type byte and AES-GCM tag: the most a frame adds to its items. */
    public static final int OVERHEAD = 1 + Protocol.TAG_BYTES;

    private byte[][] items = new byte[64][];
    private int count;
    private int bodyBytes; // items with their length prefixes

    public void clear() {
        for (int i = 0; i < count; i++) {
            items[i] = null;
        }
        count = 0;
        bodyBytes = 0;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public int count() {
        return count;
    }

    public byte[] item(int i) {
        return items[i];
    }

    /** Bytes the item adds to the frame, length prefix included. */
    public static int sizeOf(byte[] item) {
        return varIntSize(item.length) + item.length;
    }

    public void add(byte[] item) {
        if (count == items.length) {
            byte[][] bigger = new byte[count * 2][];
            System.arraycopy(items, 0, bigger, 0, count);
            items = bigger;
        }
        items[count++] = item;
        bodyBytes += sizeOf(item);
    }

    /** Adds the items of {@code other}, in their order, after this frame's. */
    public void addAll(OutboundFrame other) {
        for (int i = 0; i < other.count; i++) {
            add(other.items[i]);
        }
    }

    /** Puts the items of {@code other}, in their order, before this frame's. */
    public void addFirst(OutboundFrame other) {
        int n = other.count;
        if (n == 0) {
            return;
        }
        if (count + n > items.length) {
            byte[][] bigger = new byte[Math.max(items.length * 2, count + n)][];
            System.arraycopy(items, 0, bigger, n, count);
            items = bigger;
        } else {
            System.arraycopy(items, 0, items, n, count);
        }
        System.arraycopy(other.items, 0, items, 0, n);
        count += n;
        bodyBytes += other.bodyBytes;
    }

    /** The items with their length prefixes, unsealed. */
    public int bodyBytes() {
        return bodyBytes;
    }

    /** Writes the items with their length prefixes into {@code out}. */
    public void writeBody(ByteBuffer out) {
        for (int i = 0; i < count; i++) {
            putVarInt(out, items[i].length);
            out.put(items[i]);
        }
    }

    /** Writes the items with their length prefixes into {@code out} at {@code offset}; returns the end. */
    public int writeBody(byte[] out, int offset) {
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

    public static int varIntSize(int v) {
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
