package io.threadwire.distributed.internal.wire;

import java.util.HashMap;
import java.util.Map;

/**
 * Puts fragmented items back together, on a channel's reader thread. Memory is taken as the
 * pieces arrive, never on the say-so of a declared length: a transfer's buffer starts small and
 * grows, the declared total is checked against the maximum item size first, and the number of
 * transfers in progress and the bytes they hold are bounded. Breaking a bound is a protocol
 * violation.
 */
public final class Reassembly {
    /** Transfers one channel may have in progress at once. */
    static final int MAX_TRANSFERS = 64;

    private final int maxItem;
    private final long maxBuffered;
    private final Map<Long, Transfer> transfers = new HashMap<>();
    private long buffered;

    private static final class Transfer {
        final int total;
        byte[] bytes;
        int received;

        Transfer(int total) {
            this.total = total;
            this.bytes = new byte[Math.min(total, 64 * 1024)];
        }
    }

    public Reassembly(int maxItem, long maxBuffered) {
        this.maxItem = maxItem;
        this.maxBuffered = maxBuffered;
    }

    /** The first piece; returns the whole item if it is already complete, else null. */
    public byte[] start(long id, int total, Wire.Slice chunk) {
        if (total <= 0 || total > maxItem) {
            throw new ProtocolException("a fragmented item of " + total + " bytes (at most " + maxItem + ")");
        }
        if (transfers.size() >= MAX_TRANSFERS) {
            throw new ProtocolException("more than " + MAX_TRANSFERS + " fragmented items in progress");
        }
        Transfer t = new Transfer(total);
        if (transfers.putIfAbsent(id, t) != null) {
            throw new ProtocolException("fragmented transfer " + id + " started twice");
        }
        buffered += t.bytes.length;
        return append(id, chunk);
    }

    /** A later piece; returns the whole item once complete, else null. */
    public byte[] next(long id, Wire.Slice chunk) {
        if (!transfers.containsKey(id)) {
            throw new ProtocolException("a piece of unknown transfer " + id);
        }
        return append(id, chunk);
    }

    private byte[] append(long id, Wire.Slice chunk) {
        Transfer t = transfers.get(id);
        if (chunk.length() > t.total - t.received) {
            throw new ProtocolException("transfer " + id + " is longer than its declared " + t.total + " bytes");
        }
        int needed = t.received + chunk.length();
        if (needed > t.bytes.length) {
            int grown = (int) Math.min(t.total, Math.max((long) t.bytes.length * 2, needed));
            buffered += grown - t.bytes.length;
            if (buffered > maxBuffered) {
                throw new ProtocolException("fragmented items in progress hold more than " + maxBuffered + " bytes");
            }
            byte[] bigger = new byte[grown];
            System.arraycopy(t.bytes, 0, bigger, 0, t.received);
            t.bytes = bigger;
        }
        System.arraycopy(chunk.bytes(), chunk.offset(), t.bytes, t.received, chunk.length());
        t.received = needed;
        if (t.received < t.total) {
            return null;
        }
        transfers.remove(id);
        buffered -= t.bytes.length;
        return t.bytes;
    }

    public void clear() {
        transfers.clear();
        buffered = 0;
    }
}
