package io.threadwire.distributed.internal.wire;

import java.nio.charset.StandardCharsets;

/**
 * Reads the hand-encoded parts of the protocol from a byte range, refusing (with
 * {@link ProtocolException}) anything that claims more bytes than the range has left. Varints
 * are Kryo's ({@link #readVarLong}).
 */
public final class WireReader {
    private final byte[] bytes;
    private int position;
    private final int limit;

    public WireReader(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.limit = offset + length;
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return limit - position;
    }

    public boolean hasRemaining() {
        return position < limit;
    }

    public int readByte() {
        need(1);
        return bytes[position++] & 0xFF;
    }

    public boolean readBoolean() {
        int b = readByte();
        if (b > 1) {
            throw new ProtocolException("bad boolean " + b);
        }
        return b == 1;
    }

    public long readLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) { // little-endian, as Kryo's Output.writeLong
            v |= (long) (bytes[position++] & 0xFF) << (8 * i);
        }
        return v;
    }

    /**
     * A varint as Kryo's {@code Output.writeVarLong(v, true)} writes it: up to eight bytes of
     * seven bits each, low bits first, each with a continuation bit; a ninth byte, if reached,
     * carries the top eight bits whole (no continuation bit). Every {@code long} has one: the
     * negative ones take nine bytes.
     */
    public long readVarLong() {
        long result = 0;
        for (int shift = 0; shift < 56; shift += 7) {
            int b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        return result | (long) readByte() << 56;
    }

    /** A non-negative varint no greater than {@code max}. */
    public int readVarInt(int max) {
        long v = readVarLong();
        if (v < 0 || v > max) {
            throw new ProtocolException("value " + v + " out of range 0.." + max);
        }
        return (int) v;
    }

    /** A varint byte length (checked against what is left and {@code maxBytes}) and that many UTF-8 bytes. */
    public String readString(int maxBytes) {
        int n = readVarInt(maxBytes);
        need(n);
        String s = new String(bytes, position, n, StandardCharsets.UTF_8);
        position += n;
        return s;
    }

    public byte[] readBytes(int n) {
        need(n);
        byte[] b = new byte[n];
        System.arraycopy(bytes, position, b, 0, n);
        position += n;
        return b;
    }

    /** Everything left, without copying. */
    public Wire.Slice rest() {
        Wire.Slice s = new Wire.Slice(bytes, position, limit - position);
        position = limit;
        return s;
    }

    /** The next {@code n} bytes, without copying. */
    public Wire.Slice slice(int n) {
        need(n);
        Wire.Slice s = new Wire.Slice(bytes, position, n);
        position += n;
        return s;
    }

    public void expectEnd() {
        if (position != limit) {
            throw new ProtocolException((limit - position) + " unexpected bytes at the end");
        }
    }

    private void need(int n) {
        if (n < 0 || n > limit - position) {
            throw new ProtocolException("truncated: needs " + n + " bytes, " + (limit - position) + " left");
        }
    }
}
