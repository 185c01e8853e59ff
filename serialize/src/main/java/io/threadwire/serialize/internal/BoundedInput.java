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
     * Elements a message may hold beyond one per byte of it: Kryo writes a list of nulls, or of
     * empty records, in a byte or two, so a legitimate message can hold more elements than
     * bytes, but only so many.
     */
    static final int ZERO_BYTE_ELEMENTS = 1 << 16;

    /**
     * Elements all the collections and maps of this message may still declare. One budget for
     * the whole message, so that nesting cannot multiply it: a message of n bytes holds at most
     * n + {@link #ZERO_BYTE_ELEMENTS} elements, whatever each collection claims.
     */
    private long elementBudget;
    private final int messageBytes;

    public BoundedInput(byte[] bytes, int offset, int count) {
        super(bytes, offset, count);
        this.messageBytes = count;
        this.elementBudget = (long) count + ZERO_BYTE_ELEMENTS;
    }

    /**
     * Charges {@code count} elements of a collection or map (which may take no bytes each) to
     * the message's element budget; throws if they do not fit.
     */
    static void checkElements(Input in, long count) {
        if (count < 0) {
            throw new KryoException("declared length " + count + " is negative");
        }
        if (in instanceof BoundedInput bounded) {
            if (count > bounded.elementBudget) {
                throw new KryoException("declared length " + count + " exceeds what is left of the element budget of a "
                        + bounded.messageBytes + "-byte message (its bytes plus " + ZERO_BYTE_ELEMENTS + ")");
            }
            bounded.elementBudget -= count;
        }
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
