package io.threadwire.distributed.internal.link;

import io.threadwire.core.spi.HandoffQueue;
import io.threadwire.distributed.internal.wire.Protocol;
import io.threadwire.distributed.internal.wire.Reassembly;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * What senders have queued on one channel for its writer, and the budget that bounds it.
 * Application items wait for room ({@link #sendData}); control items never wait, except on the
 * channel's reader ({@link ChannelSender#sendControl}). An item too big for one frame is cut into
 * fragments here.
 *
 * <p><b>The bulk lane.</b> While a big message leaves in fragments, up to half the budget of
 * them waits here, and a small message queued behind them would wait until they are all written
 * (about 5 ms at 400 MiB/s with the default 4 MiB). So fragments wait in a lane of their own,
 * which the writer serves only when the main queue is empty, and a small item of another thread
 * passes them. While the bulk lane holds anything, an item goes in the main queue only if all
 * of these hold, and in the bulk lane, behind what is there, otherwise:
 * <ul>
 *   <li>it is a whole item (not a fragment) of a kind the sending thread itself authors: a
 *       {@code Send}, {@code Reply} or {@code Exit}, or a {@code Monitor} or {@code Demonitor}
 *       of a watch it makes or ends;</li>
 *   <li>it comes from its author's thread ({@link #sendData}, {@link #forceFromSender}); an item
 *       the node sends for someone else ({@link #force}: a {@code Down}, link signals, an answer
 *       of the reader, items kept while the channel was being made) is <em>unowned</em>;</li>
 *   <li>no unowned item waits in the bulk lane; and</li>
 *   <li>nothing its thread queued before waits in the bulk lane.</li>
 * </ul>
 * So every thread's items leave in the order it sent them, and an item the node sends for a
 * thread (a {@code Down} after its last message) never passes what that thread sent. Items
 * queued by different threads at the same time have no order to keep. While the bulk lane is
 * empty, every item goes in the main queue, in order, as if there were no lanes. The bulk lane
 * is never starved: once the writer has taken a frame's worth of main items while a bulk item
 * waits, it takes that one next, so a stream of small messages slows a big one to at most half
 * the connection and a small message waits behind at most one fragment.
 */
public final class SendQueue {
    /** Memory a queued item takes beyond its bytes (array header, queue node): counted in the budget. */
    static final int ITEM_OVERHEAD = 48;
    /** How many times its limit the queue may hold before the channel's reader waits to answer (see {@link #awaitRoom}). */
    static final int ANSWER_ROOM = 2;

    /**
     * How many times its limit the queue may hold at all: items that never wait for room (a
     * {@code Down} for each of the peer's monitors of a thread that ended, say) past it close
     * the channel instead (see {@link ChannelSender}).
     */
    static final int CEILING = 16;

    /** What became of an item handed to {@link #sendData}. */
    public enum Outcome { QUEUED, CLOSED, TIMED_OUT }

    /** The main queue, markers, and a {@link #TOKEN} for each item of the bulk lane: what the writer waits on. */
    private final HandoffQueue outbox = new HandoffQueue();
    /** Queued in the main queue behind each item put in the bulk lane: the writer counts them. */
    private static final Object TOKEN = new Object();
    private final Queue<Object> bulk = new ConcurrentLinkedQueue<>();
    /** Items in the bulk lane, not yet taken by the writer. */
    private final AtomicInteger inBulk = new AtomicInteger();
    /** Items in the bulk lane of each thread that put some there as their author (bounded by the lane's items). */
    private final ConcurrentHashMap<Thread, Integer> ownersInBulk = new ConcurrentHashMap<>();
    /** Unowned items in the bulk lane: while there is one, every item goes in the bulk lane. */
    private final AtomicInteger unownedInBulk = new AtomicInteger();
    private int bulkAnnounced; // writer only: bulk items whose token the writer has taken, not the items yet
    private Object heldMarker; // writer only: a marker taken while bulk items queued before it were announced
    private long mainSinceBulk; // writer only: bytes of main items taken since the last bulk item
    private final OutboundBudget budget;
    private final FragmentCutter cutter;
    private final TransferWindow transfers;
    private final BooleanSupplier open;

    /**
     * @param maxPiece the largest item that goes whole in one frame
     * @param open     whether the channel still takes items
     * @param spares   arrays of written fragments, to cut fragments into
     */
    SendQueue(long limit, int maxPiece, BooleanSupplier open, FragmentPool spares) {
        this(limit, maxPiece, open, spares, PeerStateMemory.unbounded(), TransferWindow.unbounded());
    }

    /**
     * @param maxItem  the largest item, which the peer puts back together from fragments, at most
     *                 {@link Reassembly#MAX_TRANSFERS} of them and twice this in bytes at once
     *                 (see {@link TransferWindow})
     * @param allPeers what the node's queues may hold past their limits together (see {@link OutboundBudget})
     */
    SendQueue(long limit, int maxPiece, int maxItem, BooleanSupplier open, FragmentPool spares,
              PeerStateMemory allPeers) {
        this(limit, maxPiece, open, spares, allPeers, new TransferWindow(maxItem, Reassembly.MAX_TRANSFERS / 2));
    }

    private SendQueue(long limit, int maxPiece, BooleanSupplier open, FragmentPool spares, PeerStateMemory allPeers,
                      TransferWindow transfers) {
        this.budget = new OutboundBudget(limit, allPeers);
        this.cutter = new FragmentCutter(maxPiece, spares);
        this.transfers = transfers;
        this.open = open;
    }

    /**
     * Whether an item of {@code length} bytes is cut into fragments, which copy its bytes: once
     * {@link #sendData} has returned, the queue refers to no such item.
     */
    boolean cutsIntoFragments(int length) {
        return cutter.cuts(length);
    }

    /** The writer has written {@code item} and lets go of it (see {@link FragmentCutter#written}). */
    void written(byte[] item) {
        cutter.written(item);
    }

    OutboundBudget budget() {
        return budget;
    }

    /** Whether the queue holds more than {@link #ANSWER_ROOM} times its limit: the peer has left a backlog unread. */
    boolean backlogged() {
        return budget.used() > ANSWER_ROOM * budget.limit();
    }

    /** Whether an item of {@code length} bytes would put the queue past {@link #CEILING} times its limit. */
    boolean wouldPassCeiling(int length) {
        return budget.used() + length + ITEM_OVERHEAD > CEILING * budget.limit();
    }

    /**
     * Queues an application item (a {@code Send}, {@code Reply} or {@code Exit}), waiting up to
     * {@code timeoutNanos} in all while the queue is full. An item too big for one frame is cut
     * into fragments, each queued while the queue is at most half full, so that other senders'
     * items and heartbeats pass between them; the caller's next item can only follow the last
     * fragment. Its first fragment waits, too, while the peer would otherwise have more such
     * items to put back together at once than it takes ({@link TransferWindow}).
     */
    Outcome sendData(byte[] item, long timeoutNanos) throws InterruptedException {
        Thread author = Thread.currentThread();
        if (!cutter.cuts(item.length)) {
            return queue(item, author, budget.limit(), timeoutNanos);
        }
        long deadline = System.nanoTime() + timeoutNanos; // one wait for the whole message
        if (!open.getAsBoolean()) {
            return Outcome.CLOSED;
        }
        if (!transfers.acquire(item.length, timeoutNanos, open)) {
            return open.getAsBoolean() ? Outcome.TIMED_OUT : Outcome.CLOSED;
        }
        try {
            FragmentCutter.Cut cut = cutter.cut(item);
            while (cut.hasNext()) {
                // each fragment is cut as it is queued, not all at once: the writer starts on the
                // first while the rest are still in the message
                Outcome o = queue(cut.next(), author, budget.limit() / 2, deadline - System.nanoTime());
                if (o != Outcome.QUEUED) {
                    return o; // the fragments already queued are lost with the connection, or the transfer is abandoned
                }
            }
            return Outcome.QUEUED;
        } finally {
            transfers.release(item.length); // whole in the queue: a fragment queued after this begins after its end
        }
    }

    private Outcome queue(byte[] item, Thread author, long threshold, long timeoutNanos) throws InterruptedException {
        if (!open.getAsBoolean()) {
            return Outcome.CLOSED;
        }
        if (!budget.acquire(item.length + ITEM_OVERHEAD, threshold, timeoutNanos, open)) {
            return open.getAsBoolean() ? Outcome.TIMED_OUT : Outcome.CLOSED;
        }
        put(item, author);
        return Outcome.QUEUED;
    }

    /** Queues an item the node sends for someone else (unowned: see the class comment), without waiting. */
    void force(byte[] item) {
        force(item, null, false);
    }

    /** Queues a control item without waiting, on the thread that authors it (see the class comment). */
    void forceFromSender(byte[] item) {
        force(item, Thread.currentThread(), false);
    }

    /**
     * As {@link #forceFromSender} if {@code fromSender}, else as {@link #force}, unless what the
     * item puts past the queue's limit does not fit in what the node keeps for all peers
     * ({@link PeerStateMemory}): then false, and nothing is queued.
     */
    boolean forceIfRoom(byte[] item, boolean fromSender) {
        return force(item, fromSender ? Thread.currentThread() : null, true);
    }

    private boolean force(byte[] item, Thread author, boolean bounded) {
        if (!cutter.cuts(item.length)) {
            if (!take(item.length + ITEM_OVERHEAD, bounded)) {
                return false;
            }
            put(item, author);
            return true;
        }
        // cut before any is queued: the fragments are counted at once, all or none
        transfers.force(item.length); // never waits: the window keeps room for such items
        try {
            return forceFragments(item, author, bounded);
        } finally {
            transfers.release(item.length);
        }
    }

    private boolean forceFragments(byte[] item, Thread author, boolean bounded) {
        List<byte[]> fragments = new ArrayList<>();
        long bytes = 0;
        for (FragmentCutter.Cut cut = cutter.cut(item); cut.hasNext(); ) {
            byte[] fragment = cut.next();
            fragments.add(fragment);
            bytes += fragment.length + ITEM_OVERHEAD;
        }
        if (!take(bytes, bounded)) {
            fragments.forEach(cutter::written); // their arrays go back to the pool
            return false;
        }
        for (byte[] fragment : fragments) {
            put(fragment, author);
        }
        return true;
    }

    private boolean take(long bytes, boolean bounded) {
        if (bounded) {
            return budget.tryForce(bytes);
        }
        budget.force(bytes);
        return true;
    }

    /** What the node keeps for all peers' monitors, links and unread signals ({@link PeerStateMemory}), in bytes. */
    long allPeersLimit() {
        return budget.allPeersLimit();
    }

    /** The channel has closed: what its queue holds past its limit is no longer charged to the node. */
    void close() {
        budget.close();
    }

    /** Puts a budgeted item in its lane; {@code author} is the thread that authors it, or null (unowned). */
    private void put(byte[] item, Thread author) {
        boolean fragment = isFragment(item);
        if (!fragment && inBulk.get() == 0) {
            outbox.put(item); // nothing to pass: the main queue keeps everything in order
            return;
        }
        boolean owned = author != null && (fragment || authored(item));
        if (owned && !fragment && unownedInBulk.get() == 0 && !ownersInBulk.containsKey(author)) {
            outbox.put(item); // passes the bulk lane: nothing there is its thread's or the node's
            return;
        }
        if (owned) {
            ownersInBulk.merge(author, 1, Integer::sum);
            putInBulk(new Owned(item, author));
        } else {
            unownedInBulk.incrementAndGet(); // before it is seen: a sender that looks after this put sees it
            putInBulk(item);
        }
    }

    private void putInBulk(Object entry) {
        inBulk.incrementAndGet();
        bulk.add(entry);
        outbox.put(TOKEN);
    }

    /** A bulk-lane item its author queued: counted under the author until the writer takes it. */
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
     * Waits until the queue has room for an answer of the channel's reader, up to
     * {@code timeoutNanos}; false if it stayed full (or {@code stillWaiting} turned false). Takes no
     * room: the caller then queues what it has with {@link #force}.
     *
     * <p>An answer has room while the queue holds at most {@link #ANSWER_ROOM} times its limit:
     * a whole limit of items queued past what senders may queue. If answers waited for the
     * senders' own room, two nodes sending to each other at full speed could stop each other.
     * When both queues are full of data, each reader waits to answer the other. Neither then
     * reads, so neither queue drains, until the send timeout cuts the connection. Now a reader
     * waits only when the peer has left a whole limit of answers and other such items unread.
     */
    boolean awaitRoom(long timeoutNanos, BooleanSupplier stillWaiting) throws InterruptedException {
        if (!budget.acquire(ITEM_OVERHEAD, ANSWER_ROOM * budget.limit(), timeoutNanos, stillWaiting)) {
            return false;
        }
        budget.release(ITEM_OVERHEAD);
        return true;
    }

    /** Puts a marker (stop) behind every item queued before. */
    void mark(Object marker) {
        outbox.put(marker);
    }

    // ---- the writer's side ----

    /**
     * Writer only: the next item or marker, waiting until {@code deadline}, else
     * {@link HandoffQueue#TIMED_OUT}: from the main queue while it has any, else from the bulk lane.
     *
     * <p>Why no bulk item passes a main item queued before it: each bulk item's token is put in
     * the main queue after the item, and the writer takes a bulk item only once it has taken its
     * token, so after every main item queued before. A marker (the channel's stop) waits until the
     * bulk items announced before it are taken.
     */
    Object take(long deadline) {
        return next(deadline, true);
    }

    /** Writer only: the next item or marker, as {@link #take}, or null if there is none. */
    Object tryTake() {
        return next(0, false);
    }

    /** Writer only: whether anything is queued. */
    boolean hasItems() {
        return bulkAnnounced > 0 || heldMarker != null || outbox.hasItems();
    }

    private Object next(long deadline, boolean wait) {
        for (;;) {
            if (bulkAnnounced > 0 && mainSinceBulk >= cutter.maxPiece()) {
                return fromBulk(); // its turn: a busy main queue does not hold a big message back for ever
            }
            Object main = heldMarker == null
                    ? (wait && bulkAnnounced == 0 ? outbox.take(deadline) : outbox.tryTake())
                    : null;
            if (main == TOKEN) {
                bulkAnnounced++;
                continue;
            }
            if (main != null && !(main instanceof byte[]) && main != HandoffQueue.TIMED_OUT && bulkAnnounced > 0) {
                heldMarker = main; // a stop after fragments: they leave first
                main = null;
            }
            if (main != null) {
                if (main instanceof byte[] item) {
                    mainSinceBulk += item.length;
                }
                return main;
            }
            if (bulkAnnounced > 0) {
                return fromBulk();
            }
            Object marker = heldMarker;
            heldMarker = null;
            return marker; // null when there is nothing
        }
    }

    /** The oldest announced bulk item; it leaves the lane, and its author (or the unowned count) no longer holds later items back. */
    private Object fromBulk() {
        bulkAnnounced--;
        mainSinceBulk = 0;
        Object entry = bulk.poll();
        inBulk.decrementAndGet();
        if (entry instanceof Owned o) {
            ownersInBulk.computeIfPresent(o.author(), (t, n) -> n == 1 ? null : n - 1);
            return o.item();
        }
        unownedInBulk.decrementAndGet();
        return entry;
    }

    /** Writer: {@code bytes} of the budget (items with their overhead) went to KryoNet. */
    void release(long bytes) {
        budget.release(bytes);
    }
}
