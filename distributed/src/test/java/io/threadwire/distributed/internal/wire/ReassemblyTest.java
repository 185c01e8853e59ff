package io.threadwire.distributed.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.serialize.spi.SpareArray;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Fragments are put back together in memory that grows as they arrive, within bounds a peer cannot exceed. */
class ReassemblyTest {
    private static Wire.Slice slice(byte[] b, int from, int to) {
        return new Wire.Slice(b, from, to - from);
    }

    /** The bytes of a whole item, or null. */
    private static byte[] of(Wire.Slice whole) {
        return whole == null ? null : Arrays.copyOfRange(whole.bytes(), whole.offset(), whole.offset() + whole.length());
    }

    /** {@code n} bytes that differ from {@link #bytes}' at every index. */
    private static byte[] otherBytes(int n) {
        byte[] b = bytes(n);
        for (int i = 0; i < n; i++) {
            b[i] ^= (byte) 0x5A;
        }
        return b;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }

    /** Pieces of two transfers, interleaved, come out whole and unchanged. */
    @Test
    void interleavedTransfersComeOutWhole() {
        Reassembly r = new Reassembly(1 << 20, 2 << 20);
        byte[] a = bytes(200_000);
        byte[] b = bytes(70_000);
        assertThat(r.start(1, a.length, slice(a, 0, 100_000))).isNull();
        assertThat(r.start(2, b.length, slice(b, 0, 10))).isNull();
        assertThat(r.next(1, slice(a, 100_000, 150_000))).isNull();
        assertThat(of(r.next(2, slice(b, 10, b.length)))).isEqualTo(b);
        assertThat(of(r.next(1, slice(a, 150_000, a.length)))).isEqualTo(a);
    }

    /** A transfer whose first piece is all of it completes at once. */
    @Test
    void aWholeFirstPieceCompletesAtOnce() {
        Reassembly r = new Reassembly(1 << 20, 2 << 20);
        byte[] a = bytes(10);
        assertThat(of(r.start(3, 10, slice(a, 0, 10)))).isEqualTo(a);
    }

    /** A declared length is not believed: a huge claim takes memory only as its bytes arrive. */
    @Test
    void aDeclaredLengthTakesNoMemoryUntilItsBytesArrive() {
        Reassembly r = new Reassembly(1 << 30, 2L << 30);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        r.start(1, 1 << 30, slice(new byte[16], 0, 16));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated for a transfer that claims 1 GiB").isLessThan(1 << 20);
    }

    /**
     * A big item in frame-sized pieces is put together in a few buffers, not one per doubling:
     * less than one and a half times its size allocated in all (doubling took twice its size).
     */
    @Test
    void aBigItemTakesFewBuffers() {
        int total = 16 << 20;
        int piece = 64 * 1024 - 100;
        byte[] item = bytes(total);
        Reassembly r = new Reassembly(total, 2L * total);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        r.start(1, total, slice(item, 0, 10)); // the first call loads and initializes what it needs
        r.clear();

        long before = threads.getCurrentThreadAllocatedBytes();
        Wire.Slice whole = r.start(2, total, slice(item, 0, piece));
        for (int at = piece; whole == null; at += piece) {
            whole = r.next(2, slice(item, at, Math.min(total, at + piece)));
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(of(whole)).isEqualTo(item);
        assertThat(allocated).as("bytes allocated putting together %d bytes", total).isLessThan(total + total / 2);
    }

    /** A Memory that grants what transfers need and, if {@code roomAhead}, room ahead of it. */
    private static final class CountingMemory implements Reassembly.Memory {
        final boolean roomAhead;
        long used;

        CountingMemory(boolean roomAhead) {
            this.roomAhead = roomAhead;
        }

        @Override
        public boolean take(long bytes) {
            used += bytes;
            return true;
        }

        @Override
        public boolean tryTake(long bytes) {
            if (roomAhead) {
                used += bytes;
            }
            return roomAhead;
        }

        @Override
        public void give(long bytes) {
            used -= bytes;
        }
    }

    /**
     * Where the memory grants no room ahead (a reader's does not while the peer's budget or the
     * node's reassembly memory is half used), a buffer grows as doubling would: it never holds more
     * than twice what has arrived (or 64 KiB). With room ahead, up to eight times. Every byte taken
     * is given back.
     */
    @Test
    void withoutRoomAheadABufferGrowsAsDoublingWould() {
        int total = 16 << 20;
        int piece = 64 * 1024 - 100;
        byte[] item = bytes(total);
        for (boolean roomAhead : new boolean[] {false, true}) {
            CountingMemory memory = new CountingMemory(roomAhead);
            Reassembly r = new Reassembly(total, 2L * total);
            r.chargeTo(memory);
            long mostAhead = 0;
            Wire.Slice whole = r.start(1, total, slice(item, 0, piece));
            for (int at = piece; whole == null; at += piece) {
                int to = Math.min(total, at + piece);
                whole = r.next(1, slice(item, at, to));
                mostAhead = Math.max(mostAhead, memory.used - Math.max(64 * 1024, 2L * to));
            }

            assertThat(of(whole)).isEqualTo(item);
            if (roomAhead) {
                assertThat(mostAhead).as("held beyond what doubling would, with room ahead").isPositive();
            } else {
                assertThat(mostAhead).as("held beyond what doubling would, without room ahead").isLessThanOrEqualTo(0);
            }
            r.handled(whole);
            assertThat(memory.used).isZero();
        }
    }

    /** Puts {@code item} together in pieces of 64 KiB as transfer {@code id}. */
    private static Wire.Slice putTogether(Reassembly r, long id, byte[] item) {
        int piece = 64 * 1024 - 100;
        Wire.Slice whole = r.start(id, item.length, slice(item, 0, Math.min(piece, item.length)));
        for (int at = piece; whole == null; at += piece) {
            whole = r.next(id, slice(item, at, Math.min(item.length, at + piece)));
        }
        return whole;
    }

    /**
     * With a spare buffer, a big item reuses the buffer of the one before it (it allocates
     * almost nothing), comes out whole although the buffer is longer than it, and is charged
     * exactly the buffer it holds, as room ahead; all of it is given back.
     */
    @Test
    void aBigItemReusesTheBufferOfTheOneBefore() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        CountingMemory memory = new CountingMemory(true);
        SpareArray spare = new SpareArray();
        Reassembly r = new Reassembly(8 << 20, 16L << 20);
        r.chargeTo(memory);
        r.reuse(spare);
        byte[] first = bytes(4 << 20);
        Wire.Slice whole = putTogether(r, 1, first);
        assertThat(of(whole)).isEqualTo(first);
        r.handled(whole);
        assertThat(memory.used).isZero();

        byte[] second = otherBytes((4 << 20) - 1000); // none of the first's bytes left in place would pass
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThat(r.start(2, second.length, slice(second, 0, 1000))).isNull();
        assertThat(memory.used).as("charged for the spare buffer it took").isEqualTo(first.length);
        Wire.Slice again = r.next(2, slice(second, 1000, second.length));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(again.bytes()).as("the first item's buffer").isSameAs(whole.bytes());
        assertThat(again.length()).isEqualTo(second.length);
        assertThat(of(again)).isEqualTo(second);
        assertThat(allocated).as("bytes allocated putting together %d bytes", second.length).isLessThan(64 * 1024);
        r.handled(again);
        assertThat(memory.used).isZero();
    }

    /**
     * A spare that comes free while a transfer is under way (another channel's item was handled)
     * is taken at the transfer's next growth, with the bytes that had arrived moved into it.
     */
    @Test
    void aSpareFreedMidwayTakesTheBytesThatArrived() {
        SpareArray spare = new SpareArray();
        Reassembly one = new Reassembly(8 << 20, 16L << 20);
        Reassembly two = new Reassembly(8 << 20, 16L << 20);
        one.reuse(spare);
        two.reuse(spare);
        byte[] a = bytes(4 << 20);
        byte[] b = otherBytes(3 << 20);
        assertThat(two.start(7, b.length, slice(b, 0, 100_000))).as("no spare yet").isNull();
        Wire.Slice wholeA = putTogether(one, 1, a);
        one.handled(wholeA); // its buffer is the spare now
        Wire.Slice wholeB = two.next(7, slice(b, 100_000, b.length));
        assertThat(wholeB.bytes()).as("the first item's buffer").isSameAs(wholeA.bytes());
        assertThat(of(wholeB)).isEqualTo(b);
    }

    /**
     * Where the memory grants no room ahead, the spare buffer is left alone: the item is put
     * together in buffers of its own, charged no more than doubling takes, and the spare waits
     * for the next.
     */
    @Test
    void withoutRoomAheadTheSpareWaits() {
        CountingMemory memory = new CountingMemory(false);
        SpareArray spare = new SpareArray();
        byte[] kept = new byte[2 << 20];
        spare.offer(kept);
        Reassembly r = new Reassembly(4 << 20, 8L << 20);
        r.chargeTo(memory);
        r.reuse(spare);
        byte[] item = bytes(2 << 20);
        int piece = 64 * 1024 - 100;
        long mostAhead = 0;
        Wire.Slice whole = r.start(1, item.length, slice(item, 0, piece));
        for (int at = piece; whole == null; at += piece) {
            int to = Math.min(item.length, at + piece);
            whole = r.next(1, slice(item, at, to));
            mostAhead = Math.max(mostAhead, memory.used - Math.max(64 * 1024, 2L * to));
        }
        assertThat(whole.bytes()).isNotSameAs(kept);
        assertThat(of(whole)).isEqualTo(item);
        assertThat(mostAhead).as("held beyond what doubling would").isLessThanOrEqualTo(0);
        assertThat(spare.take(2 << 20, 4 << 20)).as("the spare, given back each time it was refused").isSameAs(kept);
        r.handled(whole);
        assertThat(memory.used).isZero();
        assertThat(spare.take(2 << 20, 4 << 20)).as("the item's own buffer, offered once handled").isSameAs(whole.bytes());
    }

    /** Each broken rule is a protocol violation. */
    @Test
    void brokenRulesAreRefused() {
        byte[] b = bytes(100);
        assertThatThrownBy(() -> new Reassembly(50, 1000).start(1, 100, slice(b, 0, 10)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("at most 50");
        assertThatThrownBy(() -> new Reassembly(1000, 1000).start(1, 0, slice(b, 0, 0)))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> new Reassembly(1000, 1000).next(9, slice(b, 0, 10)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown transfer 9");
        Reassembly twice = new Reassembly(1000, 10_000);
        twice.start(1, 100, slice(b, 0, 10));
        assertThatThrownBy(() -> twice.start(1, 100, slice(b, 0, 10)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("started twice");
        Reassembly longer = new Reassembly(1000, 10_000);
        longer.start(1, 20, slice(b, 0, 10));
        assertThatThrownBy(() -> longer.next(1, slice(b, 0, 11)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("longer than its declared 20");
    }

    /** The number of transfers in progress and the bytes they hold are bounded. */
    @Test
    void transfersInProgressAreBounded() {
        Reassembly many = new Reassembly(1000, 1 << 20);
        byte[] b = bytes(10);
        for (int i = 0; i < Reassembly.MAX_TRANSFERS; i++) {
            many.start(i, 100, slice(b, 0, 10));
        }
        assertThatThrownBy(() -> many.start(999, 100, slice(b, 0, 10)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("in progress");
        Reassembly big = new Reassembly(1 << 20, 200_000);
        byte[] piece = new byte[150_000];
        big.start(1, 1 << 20, slice(piece, 0, piece.length));
        assertThatThrownBy(() -> big.next(1, slice(piece, 0, piece.length)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("hold more than 200000 bytes");
    }

    /** clear() forgets every transfer in progress. */
    @Test
    void clearForgetsTransfers() {
        Reassembly r = new Reassembly(1000, 10_000);
        r.start(1, 100, slice(bytes(10), 0, 10));
        r.clear();
        assertThatThrownBy(() -> r.next(1, slice(bytes(10), 0, 10))).isInstanceOf(ProtocolException.class);
        assertThat(of(r.start(1, 5, slice(bytes(5), 0, 5)))).isEqualTo(Arrays.copyOf(bytes(5), 5));
    }
}
