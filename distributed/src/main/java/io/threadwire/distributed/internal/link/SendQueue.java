package io.threadwire.distributed.internal.link;

import io.threadwire.core.spi.HandoffQueue;
import io.threadwire.distributed.internal.wire.ItemCodec;
import io.threadwire.distributed.internal.wire.Protocol;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * What senders have queued on one channel for its writer, and the budget that bounds it.
 * Application items wait for room ({@link #sendData}); control items never wait, except on the
 * channel's reader ({@link #sendControl}). An item too big for one frame is cut into
 * fragments here.
 *
 * <p><b>Two lanes.</b> While a big message leaves in fragments, up to half the budget of them
 * waits here, and a small message queued behind them would wait until they are all written
 * (about 5 ms at 400 MiB/s with the default 4 MiB). So a small item may pass queued items of
 * <em>other</em> threads: it goes in the <em>express</em> lane, which the writer empties first,
 * and everything else in the <em>main</em> lane. The writer takes each lane in order, and never
 * a main item while an express item queued before it waits. An item goes express only if all
 * of these hold, so every thread's items still leave in the order it sent them, and the node's
 * own signals keep their place behind everything queued before them:
 * <ul>
 *   <li>it is a whole item (not a fragment) of a kind the sending thread itself authors: a
 *       {@code Send}, {@code Reply} or {@code Exit}, or a {@code Monitor} or {@code Demonitor}
 *       of a watch it makes or ends;</li>
 *   <li>it comes from its author's thread ({@link #sendData}, {@link #forceFromSender}); an item
 *       the node sends for someone else ({@link #force}: a {@code Down}, link signals, an answer
 *       of the reader, items kept while the channel was being made) is <em>unowned</em>;</li>
 *   <li>no unowned item waits in the main lane; and</li>
 *   <li>nothing its thread queued before waits in the main lane.</li>
 * </ul>
 * Items queued by different threads at the same time have no order to keep; an item that
 * happens after another's send (a {@code Down} after the thread's last message) is unowned and
 * so never passes it.
 */
public final class SendQueue {
    /** Memory a queued item takes beyond its bytes (array header, queue node): counted in the budget. */
    static final int ITEM_OVERHEAD = 48;

    /** What became of an item handed to {@link #sendData}. */
    public enum Outcome { QUEUED, CLOSED, TIMED_OUT }

    /** The main lane, markers, and a {@link #TOKEN} for each express item: what the writer waits on. */
    private final HandoffQueue outbox = new HandoffQueue();
    /** Queued in the main lane for each express item: wakes the writer, which then looks there first. */
    static final Object TOKEN = new Object();
    private final Queue<byte[]> express = new ConcurrentLinkedQueue<>();
    /** Items in the main lane of each thread that queued some as their author (bounded by the lane's items). */
    private final ConcurrentHashMap<Thread, Integer> ownersInMain = new ConcurrentHashMap<>();
    /** Unowned items in the main lane: while there is one, nothing goes express. */
    private final AtomicInteger unownedInMain = new AtomicInteger();
    private final OutboundBudget budget;
    private final int maxPiece;
    private final AtomicLong transferIds = new AtomicLong();
    private final BooleanSupplier open;

    /**
     * @param maxPiece the largest item that goes whole in one frame
     * @param open     whether the channel still takes items
     */
    SendQueue(long limit, int maxPiece, BooleanSupplier open) {
        this.budget = new OutboundBudget(limit);
        this.maxPiece = maxPiece;
        this.open = open;
    }

    OutboundBudget budget() {
        return budget;
    }

    /**
     * Queues an application item (a {@code Send}, {@code Reply} or {@code Exit}), waiting until
     * {@code deadline} while the queue is full. An item too big for one frame is cut into
     * fragments, each queued while the queue is at most half full, so that other senders'
     * items and heartbeats pass between them; the caller's next item can only follow the last
     * fragment.
     */
    Outcome sendData(byte[] item, long deadline) throws InterruptedException {
        Thread author = Thread.currentThread();
        if (item.length <= maxPiece) {
            return queue(item, author, budget.limit(), deadline);
        }
        int pieces = pieces(item);
        long id = transferIds.incrementAndGet();
        for (int i = 0; i < pieces; i++) {
            // each fragment is cut as it is queued, not all at once: the writer starts on the
            // first while the rest are still in the message
            Outcome o = queue(fragment(item, id, i), author, budget.limit() / 2, deadline);
            if (o != Outcome.QUEUED) {
                return o; // the fragments already queued are lost with the connection, or the transfer is abandoned
            }
        }
        return Outcome.QUEUED;
    }

    private Outcome queue(byte[] item, Thread author, long threshold, long deadline) throws InterruptedException {
        if (!open.getAsBoolean()) {
            return Outcome.CLOSED;
        }
        if (!budget.acquire(item.length + ITEM_OVERHEAD, threshold, deadline, open)) {
            return open.getAsBoolean() ? Outcome.TIMED_OUT : Outcome.CLOSED;
        }
        put(item, author);
        return Outcome.QUEUED;
    }

    /** Queues an item the node sends for someone else (unowned: see the class comment), without waiting. */
    void force(byte[] item) {
        force(item, null);
    }

    /** Queues a control item without waiting, on the thread that authors it (see the class comment). */
    void forceFromSender(byte[] item) {
        force(item, Thread.currentThread());
    }

    private void force(byte[] item, Thread author) {
        if (item.length <= maxPiece) {
            budget.force(item.length + ITEM_OVERHEAD);
            put(item, author);
            return;
        }
        long id = transferIds.incrementAndGet();
        for (int i = 0, n = pieces(item); i < n; i++) {
            byte[] fragment = fragment(item, id, i);
            budget.force(fragment.length + ITEM_OVERHEAD);
            put(fragment, author);
        }
    }

    /** Puts a budgeted item in its lane; {@code author} is the thread that authors it, or null (unowned). */
    private void put(byte[] item, Thread author) {
        if (author != null && authored(item)) {
            if (unownedInMain.get() == 0 && !ownersInMain.containsKey(author)) {
                express.add(item);
                outbox.put(TOKEN);
                return;
            }
            ownersInMain.merge(author, 1, Integer::sum);
            outbox.put(new Owned(item, author));
            return;
        }
        if (author != null && isFragment(item)) { // a piece of the author's message: its later items follow it
            ownersInMain.merge(author, 1, Integer::sum);
            outbox.put(new Owned(item, author));
            return;
        }
        unownedInMain.incrementAndGet(); // before it is seen: a sender that looks after this put sees it
        outbox.put(item);
    }

    /** A main-lane item its author queued: counted under the author until the writer takes it. */
    private record Owned(byte[] item, Thread author) {
    }

    /** Whether {@code item} is of a kind its sending thread authors (see the class comment). */
    private static boolean authored(byte[] item) {
        return switch (item[0]) {
            case Protocol.SEND, Protocol.REPLY, Protocol.EXIT, Protocol.MONITOR, Protocol.DEMONITOR -> true;
            default -> false;
        };
    }

    private static boolean isFragment(byte[] item) {
        return item[0] == Protocol.FRAGMENT_START || item[0] == Protocol.FRAGMENT_NEXT;
    }

    /**
     * Waits until the queue has room for a small item, until {@code deadline}; false if it stayed
     * full (or {@code stillWaiting} turned false). Takes no room: the caller then queues what it
     * has with {@link #force}.
     */
    boolean awaitRoom(long deadline, BooleanSupplier stillWaiting) throws InterruptedException {
        if (!budget.acquire(ITEM_OVERHEAD, budget.limit(), deadline, stillWaiting)) {
            return false;
        }
        budget.release(ITEM_OVERHEAD);
        return true;
    }

    /**
     * Queues a control item once there is room, waiting until {@code deadline}; false if the
     * queue stayed full (or {@code stillWaiting} turned false) and nothing was queued.
     */
    boolean awaitRoomFor(byte[] item, long deadline, BooleanSupplier stillWaiting) throws InterruptedException {
        if (!awaitRoom(deadline, stillWaiting)) {
            return false;
        }
        force(item);
        return true;
    }

    /** How many fragments {@code item} is cut into, each fitting a frame. */
    private int pieces(byte[] item) {
        int piece = maxPiece - ItemCodec.FRAGMENT_HEADER;
        return (item.length + piece - 1) / piece;
    }

    /** Fragment {@code i} of {@code item}, of transfer {@code id}. */
    private byte[] fragment(byte[] item, long id, int i) {
        int piece = maxPiece - ItemCodec.FRAGMENT_HEADER;
        int offset = i * piece;
        int n = Math.min(piece, item.length - offset);
        return i == 0
                ? ItemCodec.fragmentStart(id, item.length, item, 0, n)
                : ItemCodec.fragmentNext(id, item, offset, n);
    }

    /** Puts a marker (stop) behind every item queued before. */
    void mark(Object marker) {
        outbox.put(marker);
    }

    // ---- the writer's side ----

    /**
     * Writer only: the next item or marker, waiting until {@code deadline}, else
     * {@link HandoffQueue#TIMED_OUT}; an express item first. May return {@link #TOKEN} when the
     * express item it announced was already taken: the writer then just looks again.
     *
     * <p>Why no main-lane item can pass an express item queued before it: each express item has
     * its token in the main lane, put after the item and so before anything queued after it, and
     * each token the writer takes makes it take an express item if any is left. By the time the
     * writer is past an item's token, it has taken that item.
     */
    Object take(long deadline) {
        byte[] quick = express.poll();
        return quick != null ? quick : fromMain(outbox.take(deadline));
    }

    /** Writer only: the next item or marker, an express item first; null if none, or {@link #TOKEN}. */
    Object tryTake() {
        byte[] quick = express.poll();
        return quick != null ? quick : fromMain(outbox.tryTake());
    }

    /** Writer only: whether anything is queued (a stale {@link #TOKEN} counts). */
    boolean hasItems() {
        return !express.isEmpty() || outbox.hasItems();
    }

    private Object fromMain(Object main) {
        if (main == TOKEN) {
            byte[] quick = express.poll();
            return quick != null ? quick : TOKEN;
        }
        return taken(main);
    }

    /** A main-lane item leaves the lane: its author (or the unowned count) no longer holds express items back. */
    private Object taken(Object main) {
        if (main instanceof Owned o) {
            ownersInMain.computeIfPresent(o.author(), (t, n) -> n == 1 ? null : n - 1);
            return o.item();
        }
        if (main instanceof byte[]) {
            unownedInMain.decrementAndGet();
        }
        return main; // a marker, null or TIMED_OUT
    }

    /** Writer: {@code bytes} of the budget (items with their overhead) went to KryoNet. */
    void release(long bytes) {
        budget.release(bytes);
    }
}
