package io.threadwire.testkit.internal;

import java.util.Arrays;

/** A growable list of {@code long}s: a history of millions of events without a box per event. Not thread-safe. */
public final class LongList {
    private long[] values = new long[16];
    private int size;

    public void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    public long get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return values[i];
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long last() {
        return get(size - 1);
    }

    /** The index of the first value at least {@code v}, in a list sorted ascending; {@link #size} if none. */
    public int firstAtLeast(long v) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
