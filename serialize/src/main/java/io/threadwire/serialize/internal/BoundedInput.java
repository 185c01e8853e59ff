package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * An {@link Input} over one whole message that refuses any declared length the remaining bytes
 * cannot hold, before anything of that length is allocated.
 *
 * <p>Every element of a string, array or collection takes at least one byte on the wire, so a
 * count larger than the bytes left is a lie; checking it first bounds every allocation by the
 * size of the message, which the node has already bounded. The checks cover the reads Kryo's
 * serializers size allocations with; the bounded serializers ({@link BoundedSerializers}) call
 * {@link #checkCount} for the collection and array sizes they read themselves.
 */
public final class BoundedInput extends Input {
    /**
     * Elements a message may hold beyond one per byte, over all its collections and maps: Kryo
     * writes a list of nulls, or of empty records, in a byte or two, so "one byte per element"
     * does not bound those; this allowance does, at a few hundred KB of references per message.
     */
    static final int ZERO_BYTE_ELEMENTS = 1 << 16;

    private long zeroByteAllowance = ZERO_BYTE_ELEMENTS;

    public BoundedInput(byte[] bytes, int offset, int count) {
        super(bytes, offset, count);
    }

    /**
     * Throws unless {@code count} elements of a collection or map, which may take no bytes each,
     * fit: up to one per byte left, and past that out of the message's allowance.
     */
    static void checkElements(Input in, long count) {
        if (count < 0) {
            throw new KryoException("declared length " + count + " is negative");
        }
        long left = in.limit() - in.position();
        if (count <= left) {
            return;
        }
        if (in instanceof BoundedInput bounded && count - left <= bounded.zeroByteAllowance) {
            bounded.zeroByteAllowance -= count - left;
            return;
        }
        throw new KryoException("declared length " + count + " exceeds the " + left + " bytes left in the message");
    }

    /** Throws unless {@code count} elements of at least {@code minBytesEach} bytes fit in what is left. */
    public static void checkCount(Input in, long count, int minBytesEach) {
        long left = in.limit() - in.position();
        if (count < 0 || count * minBytesEach > left) {
            throw new KryoException("declared length " + count + " exceeds the " + left + " bytes left in the message");
        }
    }

    @Override
    public String readString() {
        checkUtf8Length();
        return super.readString();
    }

    @Override
    public StringBuilder readStringBuilder() {
        checkUtf8Length();
        return super.readStringBuilder();
    }

    /** A UTF-8 string declares its char count first (an ASCII string has no count: it is read as it comes). */
    private void checkUtf8Length() {
        if (!readVarIntFlag()) {
            return;
        }
        int start = position;
        int countPlusOne = readVarIntFlag(true);
        position = start;
        if (countPlusOne > 1 || countPlusOne < 0) {
            checkCount(this, countPlusOne - 1L, 1);
        }
    }

    @Override
    public byte[] readBytes(int length) {
        checkCount(this, length, 1);
        return super.readBytes(length);
    }

    @Override
    public int[] readInts(int length) {
        checkCount(this, length, 4);
        return super.readInts(length);
    }

    @Override
    public int[] readInts(int length, boolean optimizePositive) {
        checkCount(this, length, varEncoding ? 1 : 4);
        return super.readInts(length, optimizePositive);
    }

    @Override
    public long[] readLongs(int length) {
        checkCount(this, length, 8);
        return super.readLongs(length);
    }

    @Override
    public long[] readLongs(int length, boolean optimizePositive) {
        checkCount(this, length, varEncoding ? 1 : 8);
        return super.readLongs(length, optimizePositive);
    }

    @Override
    public float[] readFloats(int length) {
        checkCount(this, length, 4);
        return super.readFloats(length);
    }

    @Override
    public double[] readDoubles(int length) {
        checkCount(this, length, 8);
        return super.readDoubles(length);
    }

    @Override
    public short[] readShorts(int length) {
        checkCount(this, length, 2);
        return super.readShorts(length);
    }

    @Override
    public char[] readChars(int length) {
        checkCount(this, length, 2);
        return super.readChars(length);
    }

    @Override
    public boolean[] readBooleans(int length) {
        checkCount(this, length, 1);
        return super.readBooleans(length);
    }
}
