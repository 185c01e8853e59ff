package io.threadwire.distributed.internal.wire;

import io.threadwire.serialize.spi.SpareArray;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts fragmented items back together, on a channel's reader thread. Memory is taken as the
 * pieces arrive, never on the say-so of a declared length: a transfer's buffer starts small and
 * grows, the declared total is checked against the maximum item size first, and the number of
 * transfers in progress and the bytes they hold are bounded, per channel and through
 * {@link Memory} (the peer's budget and the node's). Breaking a bound is a protocol violation.
 *
 * <p>A buffer grows to {@value #GROWTH} times what has arrived (at most the declared total, and
 * within the channel's bound while what has arrived fits it), not twice: a 16 MiB item in 64 KiB
 * pieces takes buffers of 0.5, 4.5 and 16 MiB, where doubling took every power of two from
 * 64 KiB, 32 MiB in all. Arrays of 512 KiB and more are humongous objects for the G1 collector
 * of a small heap, and a stream of big messages made it collect many times a second. What that
 * takes beyond doubling is only {@linkplain Memory#tryTake tried}, and a reader grants it only
 * while the peer's budget and the node's reassembly memory stay at most half used: otherwise the
 * buffer grows as doubling would. So the larger step never itself refuses a transfer or cuts off
 * a peer, and what it holds ahead can take at most half of either bound from other transfers.
 *
 * <p>With a {@link SpareArray} ({@link #reuse}), a transfer of at least
 * {@value SpareArray#MIN_BYTES} bytes first asks for the node's spare buffer, and takes it, as
 * room ahead (so only while both bounds are at most half used), if it is big enough for the
 * whole item; a handled item's buffer becomes the spare. A node receiving a stream of big
 * messages then allocates no reassembly buffers at all. Either way the memory charged for a
 * transfer is exactly the length of the buffer it holds.
 */
public final class Reassembly {
    /** Transfers one channel may have in progress at once (a sender keeps within it: {@code TransferWindow}). */
    public static final int MAX_TRANSFERS = 64;
    /** How many times what has arrived a transfer's buffer grows to. */
    static final int GROWTH = 8;
    /** The least a transfer's buffer grows to. */
    private static final int MIN_BUFFER = 64 * 1024;

    /** Where the buffers' memory is charged beyond this channel's own bound. */
    public interface Memory {
        /** Takes {@code bytes} more; false if they are not to be had (nothing taken; the peer is cut off). */
        boolean take(long bytes);

        /**
         * Takes {@code bytes} more of room to grow into, if there is plenty (a reader: while the
         * peer's budget and the node's reassembly memory stay at most half used); false, with
         * nothing taken and nothing else done, if not.
         */
        boolean tryTake(long bytes);

        void give(long bytes);

        /** No memory accounted but the channel's own bound. */
        Memory UNBOUNDED = new Memory() {
            @Override
            public boolean take(long bytes) {
                return true;
            }

            @Override
            public boolean tryTake(long bytes) {
                return true;
            }

            @Override
            public void give(long bytes) {
            }
        };
    }

    private final int maxItem;
    private final long maxBuffered;
    private final Map<Long, Transfer> transfers = new HashMap<>();
    private Memory memory = Memory.UNBOUNDED;
    private SpareArray spare;
    private long buffered;

    private static final class Transfer {
        final int total;
        byte[] bytes = new byte[0];
        int received;

        Transfer(int total) {
            this.total = total;
        }
    }

    public Reassembly(int maxItem, long maxBuffered) {
        this.maxItem = maxItem;
        this.maxBuffered = maxBuffered;
    }

    /** Charges the buffers to {@code m} from now on (before the first fragment arrives). */
    public void chargeTo(Memory m) {
        this.memory = m;
    }

    /** Reuses {@code buffers}' spare for big transfers, and offers it theirs once handled (before the first fragment arrives). */
    public void reuse(SpareArray buffers) {
        this.spare = buffers;
    }

    /**
     * The first piece; returns the whole item if it is already complete, else null. A whole
     * item's bytes, a slice of a buffer that may be longer, stay charged until
     * {@link #handled} is called with it; the caller keeps no reference into them after that.
     */
    public Wire.Slice start(long id, int total, Wire.Slice chunk) {
        if (total <= 0 || total > maxItem) {
            throw new ProtocolException("a fragmented item of " + total + " bytes (at most " + maxItem + ")");
        }
        if (transfers.size() >= MAX_TRANSFERS) {
            throw new ProtocolException("more than " + MAX_TRANSFERS + " fragmented items in progress");
        }
        if (transfers.putIfAbsent(id, new Transfer(total)) != null) {
            throw new ProtocolException("fragmented transfer " + id + " started twice");
        }
        return append(id, chunk);
    }

    /** A later piece; returns the whole item once complete, else null. */
    public Wire.Slice next(long id, Wire.Slice chunk) {
        if (!transfers.containsKey(id)) {
            throw new ProtocolException("a piece of unknown transfer " + id);
        }
        return append(id, chunk);
    }

    /** A whole item {@link #start} or {@link #next} returned has been handled: its memory is given back. */
    public void handled(Wire.Slice whole) {
        byte[] buffer = whole.bytes();
        buffered -= buffer.length;
        memory.give(buffer.length);
        if (spare != null) {
            spare.offer(buffer);
        }
    }

    private Wire.Slice append(long id, Wire.Slice chunk) {
        Transfer t = transfers.get(id);
        if (chunk.length() > t.total - t.received) {
            throw new ProtocolException("transfer " + id + " is longer than its declared " + t.total + " bytes");
        }
        int needed = t.received + chunk.length();
        if (needed > t.bytes.length && !takeSpare(t)) {
            int grown = grownSize(t, needed, (long) GROWTH * needed);
            int more = grown - t.bytes.length;
            if (buffered + more > maxBuffered) {
                throw new ProtocolException("fragmented items in progress hold more than " + maxBuffered + " bytes");
            }
            int doubled = grownSize(t, needed, 2L * t.bytes.length); // what doubling took, and takes still
            if (grown <= doubled || !memory.tryTake(more)) {
                grown = doubled;
                more = grown - t.bytes.length;
                if (!memory.take(more)) {
                    throw new ProtocolException("no memory for a fragmented item of " + t.total + " bytes: this peer's"
                            + " budget, or the node's inbound memory, is used up");
                }
            }
            buffered += more;
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
        return new Wire.Slice(t.bytes, 0, t.total);
    }

    /**
     * Moves {@code t} into the spare buffer if there is one for its whole item and the memory
     * grants all of it as room ahead; false, with nothing taken or changed, if not.
     */
    private boolean takeSpare(Transfer t) {
        if (spare == null || t.total < SpareArray.MIN_BYTES) {
            return false;
        }
        byte[] s = spare.take(t.total, 2L * t.total); // at least its item, at most twice it
        if (s == null) {
            return false;
        }
        int more = s.length - t.bytes.length;
        if (buffered + more > maxBuffered || !memory.tryTake(more)) {
            spare.offer(s);
            return false;
        }
        buffered += more;
        System.arraycopy(t.bytes, 0, s, 0, t.received);
        t.bytes = s;
        return true;
    }

    /**
     * What {@code t}'s buffer grows to for {@code needed} bytes when {@code wanted} would do: at
     * least 64 KiB and {@code needed}, at most its total, and within the channel's bound unless
     * {@code needed} itself is past it (which the caller then refuses).
     */
    private int grownSize(Transfer t, int needed, long wanted) {
        long capped = Math.min(t.total, Math.max(MIN_BUFFER, Math.max(wanted, needed)));
        long allowed = maxBuffered - buffered + t.bytes.length;
        return (int) Math.max(needed, Math.min(capped, allowed));
    }

    /** Drops every transfer in progress and gives its memory back (the channel closed). */
    public void clear() {
        transfers.clear();
        memory.give(buffered);
        buffered = 0;
    }
}
