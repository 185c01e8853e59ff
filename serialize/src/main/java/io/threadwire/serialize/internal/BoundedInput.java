package io.threadwire.serialize.internal;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * An {@link Input} over one whole message that refuses any declared length the remaining bytes
 * cannot hold, before anything of that length is allocated, and charges what decoding
 * allocates against the message's decoded-size limit.
 *
 * <p>Every element of a string, array or collection takes at least one byte on the wire, so a
 * count larger than the bytes left is a lie; checking it first bounds every allocation by the
 * size of the message, which the node has already bounded. The checks cover the reads Kryo's
 * serializers size allocations with; the bounded serializers call {@link #checkCount} and
 * {@link #checkCollection} for the collection and array sizes they read themselves.
 *
 * <p>Bytes on the wire are not heap, though: a two-byte string becomes a fifty-byte object. So
 * strings, arrays and collections are charged their {@link Footprint} before they are
 * allocated (strings just after: they cannot outgrow their bytes), and other objects as they are
 * made ({@code GuardedKryo}); past {@code maxDecoded} the message is refused with a
 * {@link Refusal}.
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
    private final long maxDecoded;
    /** False when the message is too small to reach maxDecoded whatever it holds: then nothing need be counted. */
    private final boolean charging;
    private long decoded; // bytes of heap charged so far

    /** An input over {@code bytes[offset, offset + count)} that may decode to at most {@code maxDecoded} bytes of heap. */
    public BoundedInput(byte[] bytes, int offset, int count, long maxDecoded) {
        super(bytes, offset, count);
        this.messageBytes = count;
        this.elementBudget = (long) count + ZERO_BYTE_ELEMENTS;
        this.maxDecoded = maxDecoded;
        this.charging = mayDecodeBeyond(count, maxDecoded);
    }

    /**
     * Whether a message of {@code bytes} bytes could be charged more than {@code maxDecoded}:
     * at most {@link Footprint#MAX_PER_WIRE_BYTE} per byte and per element that takes none.
     */
    public static boolean mayDecodeBeyond(long bytes, long maxDecoded) {
        return worstCase(bytes) > maxDecoded;
    }

    /** The most a message of {@code bytes} bytes can be charged, whatever the limit. */
    public static long worstCase(long bytes) {
        return (bytes + ZERO_BYTE_ELEMENTS) * Footprint.MAX_PER_WIRE_BYTE;
    }


    /** Whether what is decoded must be charged: not for a message too small to reach the limit. */
    boolean charging() {
        return charging;
    }

    /** Charges {@code bytes} of heap to the message; throws a {@link Refusal} past its limit. */
    void charge(long bytes) {
        if (!charging) {
            return;
        }
        decoded += bytes;
        if (decoded > maxDecoded) {
            throw Refusal.tooLargeDecoded(maxDecoded, position - (limit - messageBytes), messageBytes);
        }
    }

    /** Charges {@code bytes} of heap if {@code in} is a bounded input (it is, for every message decoded). */
    static void charge(Input in, long bytes) {
        if (in instanceof BoundedInput bounded) {
            bounded.charge(bytes);
        }
    }

    /** Whether {@code in} counts what is decoded from it (see {@link #charging()}). */
    static boolean charging(Input in) {
        return in instanceof BoundedInput bounded && bounded.charging;
    }

    /**
     * Checks and charges a collection or map of class {@code type} that declares {@code size}
     * elements, before it is allocated: {@link #checkElements} and its {@link Footprint}.
     */
    static void checkCollection(Input in, Class<?> type, long size) {
        checkElements(in, size);
        charge(in, Footprint.collection(type, size));
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

    /** {@link #checkCount} for an array of {@code count} elements of {@code bytesEach} bytes in memory, and its charge. */
    private void checkArray(long count, int minBytesEach, int bytesEach) {
        checkCount(this, count, minBytesEach);
        charge(Footprint.array(count, bytesEach));
    }

    @Override
    public String readString() {
        checkUtf8Length();
        String s = super.readString();
        if (s != null && charging) {
            charge(Footprint.string(s.length()));
        }
        return s;
    }

    @Override
    public StringBuilder readStringBuilder() {
        checkUtf8Length();
        StringBuilder s = super.readStringBuilder();
        if (s != null && charging) {
            charge(Footprint.string(s.length()));
        }
        return s;
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
        checkArray(length, 1, 1);
        return super.readBytes(length);
    }

    @Override
    public int[] readInts(int length) {
        checkArray(length, 4, 4);
        return super.readInts(length);
    }

    @Override
    public int[] readInts(int length, boolean optimizePositive) {
        checkArray(length, varEncoding ? 1 : 4, 4);
        return super.readInts(length, optimizePositive);
    }

    @Override
    public long[] readLongs(int length) {
        checkArray(length, 8, 8);
        return super.readLongs(length);
    }

    @Override
    public long[] readLongs(int length, boolean optimizePositive) {
        checkArray(length, varEncoding ? 1 : 8, 8);
        return super.readLongs(length, optimizePositive);
    }

    @Override
    public float[] readFloats(int length) {
        checkArray(length, 4, 4);
        return super.readFloats(length);
    }

    @Override
    public double[] readDoubles(int length) {
        checkArray(length, 8, 8);
        return super.readDoubles(length);
    }

    @Override
    public short[] readShorts(int length) {
        checkArray(length, 2, 2);
        return super.readShorts(length);
    }

    @Override
    public char[] readChars(int length) {
        checkArray(length, 2, 2);
        return super.readChars(length);
    }

    @Override
    public boolean[] readBooleans(int length) {
        checkArray(length, 1, 1);
        return super.readBooleans(length);
    }
}
