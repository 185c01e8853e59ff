package io.threadwire.distributed.internal.link;

import java.util.ArrayList;
import java.util.List;

/**
 * The items a {@link PeerSlot} keeps, in order, for the channel being made: protocol items
 * always, application items up to a budget of bytes. Guarded by the slot's lock.
 */
final class KeptItems {
    private record Kept(byte[] item, boolean data, DataEncoder again, boolean link) {
    }

    private final long dataLimit;
    private final List<Kept> items = new ArrayList<>();
    private long dataBytes;

    /** @param dataLimit application bytes that may wait (one item is kept whatever its size) */
    KeptItems(long dataLimit) {
        this.dataLimit = dataLimit;
    }

    /**
     * Keeps an application item if the budget allows (or nothing is kept yet); false if it does
     * not. {@code again} encodes it for the peer's types once they are known (null: as it is).
     */
    boolean keepData(byte[] item, DataEncoder again) {
        if (dataBytes + item.length > dataLimit && dataBytes != 0) {
            return false;
        }
        items.add(new Kept(item, true, again, false));
        dataBytes += item.length;
        return true;
    }

    /** Keeps a protocol item: these are few and small, and answer the peer's own requests. */
    void keepControl(byte[] item) {
        items.add(new Kept(item, false, null, false));
    }

    /** Keeps a protocol item of the links between threads, or a Monitor (see {@link #withdrawLinkItems}). */
    void keepLinkItem(byte[] item) {
        items.add(new Kept(item, false, null, true));
    }

    /**
     * Removes the link items (and Monitors) kept: when the channel they were kept behind is lost,
     * the links and watches they concern are gone on both sides, and the next channel must not
     * carry them (a Link would leave the other node linked to a thread that is not linked back, a
     * Monitor a watch nobody cancels).
     */
    void withdrawLinkItems() {
        items.removeIf(Kept::link);
    }

    int size() {
        return items.size();
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** Hands every item, in order, to {@code channel}, without waiting; none is kept after. */
    void flushTo(SlotChannel channel) {
        for (Kept k : items) {
            if (k.data()) {
                channel.forceData(k.item(), k.again());
            } else {
                channel.forceControl(k.item());
            }
        }
        clear();
    }

    /** Drops every item; returns how many were application items. */
    int drop() {
        int data = 0;
        for (Kept k : items) {
            if (k.data()) {
                data++;
            }
        }
        clear();
        return data;
    }

    private void clear() {
        items.clear();
        dataBytes = 0;
    }
}
