package io.threadwire.distributed.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.spi.HandoffQueue;
import io.threadwire.distributed.internal.wire.ItemCodec;
import io.threadwire.distributed.internal.wire.Protocol;
import io.threadwire.distributed.internal.wire.Wire;
import io.threadwire.testkit.Timeouts;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The send queue's bulk lane, as its writer takes it: a small item passes other threads'
 * fragments, and nothing passes an item its own thread queued before, nor an item the node
 * queued for someone else (a {@code Down}); and the arrays of written fragments, cut into again.
 */
class SendQueueTest {
    private static final int MAX_PIECE = 1024;
    private static final long PATIENCE_NANOS = Timeouts.LONG.toNanos();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(PATIENCE_NANOS, TimeUnit.NANOSECONDS)).isTrue();
    }

    private static SendQueue queue(long limit) {
        return new SendQueue(limit, MAX_PIECE, () -> true, new FragmentPool(limit / 2));
    }

    /** How long a send may wait for room: long enough never to run out in a test that passes. */
    private static long patience() {
        return PATIENCE_NANOS;
    }

    /** An item of {@code kind} tagged with its sender and its number, {@code length} bytes long. */
    private static byte[] item(int kind, int sender, int seq, int length) {
        byte[] b = new byte[Math.max(9, length)];
        b[0] = (byte) kind;
        ByteBuffer.wrap(b, 1, 8).putInt(sender).putInt(seq);
        return b;
    }

    /** What the writer would write, in order, whole items put back together from their fragments: "kind:sender:seq". */
    private static final class Writer {
        private final SendQueue queue;
        private final Map<Long, ByteArrayOutputStream> transfers = new HashMap<>();
        private final Map<Long, Integer> totals = new HashMap<>();
        final List<String> written = new ArrayList<>();

        Writer(SendQueue queue) {
            this.queue = queue;
        }

        /** Takes what is queued now. */
        List<String> drain() {
            for (Object next; (next = queue.tryTake()) != null; ) {
                write(next);
            }
            return written;
        }

        /** Takes until {@code count} whole items were written. */
        void takeUntil(int count) {
            while (written.size() < count) {
                Object next = queue.take(System.nanoTime() + PATIENCE_NANOS);
                assertThat(next).as("the writer waited in vain").isNotSameAs(HandoffQueue.TIMED_OUT);
                write(next);
            }
        }

        private void write(Object next) {
            if (next == ChannelWriter.STOP) {
                written.add("stop");
                return;
            }
            byte[] item = (byte[]) next;
            queue.release(item.length + SendQueue.ITEM_OVERHEAD);
            byte[] whole = item;
            if (item[0] == Protocol.FRAGMENT_START || item[0] == Protocol.FRAGMENT_NEXT) {
                whole = null;
                Wire.Item decoded = ItemCodec.decode(item, 0, item.length, 1 << 20);
                if (decoded instanceof Wire.FragmentStart s) {
                    transfers.put(s.transferId(), new ByteArrayOutputStream());
                    add(s.transferId(), s.chunk());
                    whole = complete(s.transferId(), s.totalLength());
                } else if (decoded instanceof Wire.FragmentNext n) {
                    ByteArrayOutputStream t = transfers.get(n.transferId());
                    assertThat(t).as("a fragment before its start").isNotNull();
                    add(n.transferId(), n.chunk());
                    whole = complete(n.transferId(), -1);
                }
            }
            if (whole != null) {
                ByteBuffer b = ByteBuffer.wrap(whole, 1, 8);
                written.add(whole[0] + ":" + b.getInt() + ":" + b.getInt());
            }
        }

        private void add(long id, Wire.Slice chunk) {
            transfers.get(id).write(chunk.bytes(), chunk.offset(), chunk.length());
        }

        private byte[] complete(long id, int total) {
            if (total >= 0) {
                totals.put(id, total);
            }
            if (transfers.get(id).size() < totals.get(id)) {
                return null;
            }
            totals.remove(id);
            return transfers.remove(id).toByteArray();
        }
    }

    /** A small message of one thread leaves before the fragments of another thread's big message queued before it. */
    @Test
    void aSmallItemPassesAnotherThreadsFragments() throws Exception {
        SendQueue q = queue(1 << 20);
        threads.submit(() -> q.sendData(item(Protocol.SEND, 1, 0, 5 * MAX_PIECE), patience())).get();
        q.sendData(item(Protocol.SEND, 2, 0, 20), patience());
        q.forceFromSender(item(Protocol.MONITOR, 2, 1, 20));
        assertThat(new Writer(q).drain()).containsExactly("1:2:0", "3:2:1", "1:1:0");
    }

    /** A thread's small message after its own big one waits for it, and so does its next watch. */
    @Test
    void aThreadsItemsStayBehindItsOwnFragments() throws Exception {
        SendQueue q = queue(1 << 20);
        q.sendData(item(Protocol.SEND, 1, 0, 5 * MAX_PIECE), patience());
        q.sendData(item(Protocol.SEND, 1, 1, 20), patience());
        q.forceFromSender(item(Protocol.MONITOR, 1, 2, 20));
        threads.submit(() -> q.sendData(item(Protocol.SEND, 2, 0, 20), patience())).get();
        assertThat(new Writer(q).drain()).containsExactly("1:2:0", "1:1:0", "1:1:1", "3:1:2");
    }

    /**
     * An item the node queues for someone else (a Down) stays behind everything queued before
     * it, and while it waits nothing passes it; once it is taken, small items pass fragments again.
     */
    @Test
    void anUnownedItemKeepsItsPlaceAndHoldsLaterItemsBehindIt() throws Exception {
        SendQueue q = queue(1 << 20);
        threads.submit(() -> {
            q.sendData(item(Protocol.SEND, 1, 0, 5 * MAX_PIECE), patience());
            q.force(item(Protocol.DOWN, 1, 1, 20));
            return null;
        }).get();
        q.sendData(item(Protocol.SEND, 2, 0, 20), patience());
        Writer w = new Writer(q);
        assertThat(w.drain()).containsExactly("1:1:0", "5:1:1", "1:2:0");
        threads.submit(() -> q.sendData(item(Protocol.SEND, 1, 2, 5 * MAX_PIECE), patience())).get();
        q.sendData(item(Protocol.SEND, 2, 1, 20), patience());
        assertThat(w.drain()).endsWith("1:2:1", "1:1:2");
    }

    /**
     * A busy main queue does not starve the bulk lane: with 200 small messages of another thread
     * queued behind a big one's fragments, the big one is complete long before the last small one
     * leaves, and no small one waits behind more than one fragment.
     */
    @Test
    void smallMessagesDoNotStarveABigOne() throws Exception {
        SendQueue q = queue(1 << 20);
        threads.submit(() -> q.sendData(item(Protocol.SEND, 1, 0, 5 * MAX_PIECE), patience())).get();
        for (int i = 0; i < 200; i++) {
            q.sendData(item(Protocol.SEND, 2, i, 300), patience());
        }
        List<String> written = new Writer(q).drain();
        assertThat(written).hasSize(201);
        assertThat(written.indexOf("1:1:0")).isLessThan(30);
    }

    /** The channel's stop leaves after the fragments queued before it, and before those queued after it. */
    @Test
    void theStopWaitsForTheFragmentsQueuedBeforeIt() throws Exception {
        SendQueue q = queue(1 << 20);
        q.sendData(item(Protocol.SEND, 1, 0, 5 * MAX_PIECE), patience());
        q.mark(ChannelWriter.STOP);
        q.sendData(item(Protocol.SEND, 1, 1, 5 * MAX_PIECE), patience());
        assertThat(new Writer(q).drain()).containsExactly("1:1:0", "stop", "1:1:1");
    }

    /** A kind the sender does not author (a link signal) never goes express, even from its own thread. */
    @Test
    void onlyItemsTheThreadAuthorsGoExpress() throws Exception {
        SendQueue q = queue(1 << 20);
        threads.submit(() -> q.sendData(item(Protocol.SEND, 1, 0, 5 * MAX_PIECE), patience())).get();
        q.forceFromSender(item(Protocol.LINK, 2, 0, 20));
        q.sendData(item(Protocol.SEND, 2, 1, 20), patience());
        assertThat(new Writer(q).drain()).containsExactly("1:1:0", "6:2:0", "1:2:1");
    }

    /**
     * Four threads send small and big messages, watches and (as the node does for them) Downs at
     * random, while a writer takes them: each thread's items leave in the order it queued them,
     * whatever passed what.
     */
    @Test
    void concurrentSendersKeepEachThreadsOrder() throws Exception {
        SendQueue q = queue(32 << 10); // small: senders wait for room, and the lanes interleave
        int senders = 4, perSender = 2_000;
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            running.add(threads.submit(() -> {
                Random random = new Random(sender);
                for (int seq = 0; seq < perSender; seq++) {
                    int roll = random.nextInt(100);
                    if (roll < 10) {
                        q.sendData(item(Protocol.SEND, sender, seq, MAX_PIECE + random.nextInt(4 * MAX_PIECE)), patience());
                    } else if (roll < 20) {
                        q.forceFromSender(item(Protocol.MONITOR, sender, seq, 20));
                    } else if (roll < 25) {
                        q.force(item(Protocol.DOWN, sender, seq, 20));
                    } else {
                        q.sendData(item(Protocol.SEND, sender, seq, 9 + random.nextInt(200)), patience());
                    }
                }
                return null;
            }));
        }
        Writer w = new Writer(q);
        w.takeUntil(senders * perSender);
        for (Future<?> f : running) {
            f.get(PATIENCE_NANOS, TimeUnit.NANOSECONDS);
        }
        int[] next = new int[senders];
        for (String s : w.written) {
            String[] parts = s.split(":");
            int sender = Integer.parseInt(parts[1]), seq = Integer.parseInt(parts[2]);
            assertThat(seq).as("sender %d's next item", sender).isEqualTo(next[sender]);
            next[sender]++;
        }
        assertThat(next).containsOnly(perSender);
        assertThat(q.budget().used()).isZero();
    }

    /**
     * Once the writer has written a message's fragments, the next message of that size is cut
     * into the same arrays, and arrives as itself, not as the one before.
     */
    @Test
    void theArraysOfWrittenFragmentsAreCutIntoAgain() throws InterruptedException {
        SendQueue queue = queue(64 * MAX_PIECE);
        byte[] first = randomItem(1, 5 * MAX_PIECE);
        byte[] second = randomItem(2, 5 * MAX_PIECE);

        assertThat(queue.sendData(first, patience())).isEqualTo(SendQueue.Outcome.QUEUED);
        List<byte[]> firstPieces = takeAll(queue);
        assertThat(reassemble(firstPieces)).isEqualTo(first);
        Set<byte[]> written = Collections.newSetFromMap(new IdentityHashMap<>());
        for (byte[] piece : firstPieces) {
            queue.written(piece);
            if (piece[0] == Protocol.FRAGMENT_NEXT) {
                written.add(piece);
            }
        }
        assertThat(queue.sendData(second, patience())).isEqualTo(SendQueue.Outcome.QUEUED);
        List<byte[]> secondPieces = takeAll(queue);

        assertThat(written).as("the first message's FragmentNext arrays").hasSize(5);
        List<byte[]> secondNexts = secondPieces.stream().filter(p -> p[0] == Protocol.FRAGMENT_NEXT).toList();
        assertThat(secondNexts).hasSize(5);
        assertThat(secondNexts.subList(0, 4)).as("the second message's whole FragmentNext arrays are the first's")
                .allMatch(written::contains);
        assertThat(written).as("the last, shorter one is not kept").doesNotContain(secondNexts.get(4));
        assertThat(reassemble(secondPieces)).isEqualTo(second);
    }

    /**
     * Every FragmentNext but a message's last is exactly one frame item long, whatever the width
     * of its transfer id: the arrays one connection wrote after its 127th big message are cut into
     * by another connection's first.
     */
    @Test
    void connectionsWhoseTransferIdsDifferInWidthShareFragmentArrays() throws InterruptedException {
        FragmentPool pool = new FragmentPool(64 * MAX_PIECE);
        SendQueue busy = new SendQueue(64 * MAX_PIECE, MAX_PIECE, () -> true, pool);
        SendQueue fresh = new SendQueue(64 * MAX_PIECE, MAX_PIECE, () -> true, pool);
        for (int seq = 1; seq <= 127; seq++) { // transfer ids 1 to 127 take one byte; 128 takes two
            assertThat(busy.sendData(randomItem(seq, 2 * MAX_PIECE), patience())).isEqualTo(SendQueue.Outcome.QUEUED);
            takeAll(busy);
        }
        byte[] wide = randomItem(128, 5 * MAX_PIECE);
        byte[] narrow = randomItem(1, 5 * MAX_PIECE);

        assertThat(busy.sendData(wide, patience())).isEqualTo(SendQueue.Outcome.QUEUED);
        List<byte[]> widePieces = takeAll(busy);
        assertThat(reassemble(widePieces)).isEqualTo(wide);
        assertThat(widePieces).allMatch(p -> p.length <= MAX_PIECE);
        Set<byte[]> written = Collections.newSetFromMap(new IdentityHashMap<>());
        for (byte[] piece : widePieces) {
            busy.written(piece);
            if (piece[0] == Protocol.FRAGMENT_NEXT && piece.length == MAX_PIECE) {
                written.add(piece);
            }
        }
        assertThat(fresh.sendData(narrow, patience())).isEqualTo(SendQueue.Outcome.QUEUED);
        List<byte[]> narrowPieces = takeAll(fresh);

        assertThat(reassemble(narrowPieces)).isEqualTo(narrow);
        assertThat(written).as("whole FragmentNext arrays of transfer 128").hasSize(4);
        List<byte[]> narrowWhole = narrowPieces.stream()
                .filter(p -> p[0] == Protocol.FRAGMENT_NEXT && p.length == MAX_PIECE).toList();
        assertThat(narrowWhole).as("transfer 1's whole FragmentNext arrays are transfer 128's").hasSize(4)
                .allMatch(written::contains);
    }

    /** Arrays of other lengths are not cut into, and the pool keeps no more than its bound. */
    @Test
    void theFragmentPoolKeepsExactLengthsWithinItsBound() {
        FragmentPool pool = new FragmentPool(3000);
        byte[] a = new byte[1000];
        byte[] b = new byte[1000];
        byte[] c = new byte[1000];

        pool.give(a);
        pool.give(b);
        pool.give(c);
        pool.give(new byte[1000]); // past the bound: not kept

        assertThat(pool.bytes()).isEqualTo(3000);
        assertThat(pool.take(999)).as("a length not asked for is dropped").isNull();
        assertThat(pool.take(1000)).isSameAs(b);
        assertThat(pool.take(1000)).isSameAs(c);
        assertThat(pool.take(1000)).isNull();
        assertThat(pool.bytes()).isZero();
    }

    private static byte[] randomItem(int seq, int length) {
        byte[] b = item(Protocol.SEND, 1, seq, length);
        byte[] random = new byte[length - 9];
        new Random(seq).nextBytes(random);
        System.arraycopy(random, 0, b, 9, random.length);
        return b;
    }

    /** What is queued now, each item released as the writer releases it. */
    private static List<byte[]> takeAll(SendQueue queue) {
        List<byte[]> items = new ArrayList<>();
        for (Object next; (next = queue.tryTake()) != null; ) {
            byte[] item = (byte[]) next;
            queue.release(item.length + SendQueue.ITEM_OVERHEAD);
            items.add(item);
        }
        return items;
    }

    /** The message the fragments {@code pieces} carry, read from them now. */
    private static byte[] reassemble(List<byte[]> pieces) {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (byte[] piece : pieces) {
            Wire.Slice chunk = switch (ItemCodec.decode(piece, 0, piece.length, 1 << 20)) {
                case Wire.FragmentStart start -> start.chunk();
                case Wire.FragmentNext next -> next.chunk();
                default -> throw new AssertionError("not a fragment: " + piece[0]);
            };
            whole.write(chunk.bytes(), chunk.offset(), chunk.length());
        }
        return whole.toByteArray();
    }
}
