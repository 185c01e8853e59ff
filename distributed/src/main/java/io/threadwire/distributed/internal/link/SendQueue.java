package io.threadwire.distributed.internal.link;

import io.threadwire.core.spi.HandoffQueue;
import io.threadwire.distributed.internal.wire.ItemCodec;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * What senders have queued on one channel for its writer, and the budget that bounds it.
 * Application items wait for room ({@link #sendData}); control items never wait, except on the
 * channel's reader ({@link #sendControl}). An item too big for one frame is cut into
 * fragments here.
 */
public final class SendQueue {
    /** Memory a queued item takes beyond its bytes (array header, queue node): counted in the budget. */
    static final int ITEM_OVERHEAD = 48;

    /** What became of an item handed to {@link #sendData}. */
    public enum Outcome { QUEUED, CLOSED, TIMED_OUT }

    private final HandoffQueue outbox = new HandoffQueue();
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
        if (item.length <= maxPiece) {
            return queue(item, budget.limit(), deadline);
        }
        for (byte[] fragment : fragments(item)) {
            Outcome o = queue(fragment, budget.limit() / 2, deadline);
            if (o != Outcome.QUEUED) {
                return o; // the fragments already queued are lost with the connection, or the transfer is abandoned
            }
        }
        return Outcome.QUEUED;
    }

    private Outcome queue(byte[] item, long threshold, long deadline) throws InterruptedException {
        if (!open.getAsBoolean()) {
            return Outcome.CLOSED;
        }
        if (!budget.acquire(item.length + ITEM_OVERHEAD, threshold, deadline, open)) {
            return open.getAsBoolean() ? Outcome.TIMED_OUT : Outcome.CLOSED;
        }
        outbox.put(item);
        return Outcome.QUEUED;
    }

    /** Queues an item without waiting (in fragments if it is too big for one frame). */
    void force(byte[] item) {
        if (item.length <= maxPiece) {
            budget.force(item.length + ITEM_OVERHEAD);
            outbox.put(item);
            return;
        }
        for (byte[] fragment : fragments(item)) {
            budget.force(fragment.length + ITEM_OVERHEAD);
            outbox.put(fragment);
        }
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

    /** {@code item} cut into fragments that each fit a frame. */
    private byte[][] fragments(byte[] item) {
        long id = transferIds.incrementAndGet();
        int piece = maxPiece - ItemCodec.FRAGMENT_HEADER;
        byte[][] out = new byte[(item.length + piece - 1) / piece][];
        for (int i = 0, offset = 0; offset < item.length; i++, offset += piece) {
            int n = Math.min(piece, item.length - offset);
            out[i] = offset == 0
                    ? ItemCodec.fragmentStart(id, item.length, item, 0, n)
                    : ItemCodec.fragmentNext(id, item, offset, n);
        }
        return out;
    }

    /** Puts a marker (stop) behind every item queued before. */
    void mark(Object marker) {
        outbox.put(marker);
    }

    // ---- the writer's side ----

    /** Writer only: the next item or marker, waiting until {@code deadline}, else {@link HandoffQueue#TIMED_OUT}. */
    Object take(long deadline) {
        return outbox.take(deadline);
    }

    /** Writer only: the next item or marker, or null. */
    Object tryTake() {
        return outbox.tryTake();
    }

    /** Writer only: whether anything is queued. */
    boolean hasItems() {
        return outbox.hasItems();
    }

    /** Writer: {@code bytes} of the budget (items with their overhead) went to KryoNet. */
    void release(long bytes) {
        budget.release(bytes);
    }
}
