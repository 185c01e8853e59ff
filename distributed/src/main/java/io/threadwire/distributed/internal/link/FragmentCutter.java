package io.threadwire.distributed.internal.link;

import io.threadwire.distributed.internal.wire.ItemCodec;
import io.threadwire.distributed.internal.wire.Protocol;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cuts an item too big for one frame into fragments, each {@code maxPiece} long, header included
 * (the last one shorter). So every whole {@code FragmentNext} has one length, whatever its
 * transfer id, and the node's channels share one pool of their arrays ({@link FragmentPool}):
 * a whole {@code FragmentNext} is cut into the array of one written before, when there is one.
 * Thread-safe; each {@link Cut} belongs to the thread that cuts it.
 */
final class FragmentCutter {
    private final int maxPiece;
    private final FragmentPool spares;
    private final AtomicLong transferIds = new AtomicLong();

    /**
     * @param maxPiece the largest item that goes whole in one frame
     * @param spares   arrays of written fragments, to cut fragments into
     */
    FragmentCutter(int maxPiece, FragmentPool spares) {
        this.maxPiece = maxPiece;
        this.spares = spares;
    }

    int maxPiece() {
        return maxPiece;
    }

    /** Whether an item of {@code length} bytes is cut into fragments. */
    boolean cuts(int length) {
        return length > maxPiece;
    }

    /** A new transfer of {@code item}, cut fragment by fragment as {@link Cut#next} is called. */
    Cut cut(byte[] item) {
        return new Cut(item, transferIds.incrementAndGet());
    }

    /**
     * {@code item} was written and is let go of: the array of a whole {@code FragmentNext} is kept
     * for the next fragment to be cut into.
     */
    void written(byte[] item) {
        if (item[0] == Protocol.FRAGMENT_NEXT && item.length == maxPiece) {
            spares.give(item);
        }
    }

    /** The fragments of one item, in order: the first a {@code FragmentStart}, the rest {@code FragmentNext}s. */
    final class Cut {
        private final byte[] item;
        private final long id;
        private int offset;

        private Cut(byte[] item, long id) {
            this.item = item;
            this.id = id;
        }

        boolean hasNext() {
            return offset < item.length;
        }

        /** The next fragment, which carries as many of the item's bytes as make it {@code maxPiece} long, or the rest. */
        byte[] next() {
            int header = offset == 0 ? ItemCodec.fragmentStartLength(id, item.length, 0) : ItemCodec.fragmentNextLength(id, 0);
            int n = Math.min(maxPiece - header, item.length - offset);
            byte[] fragment;
            if (offset == 0) {
                fragment = ItemCodec.fragmentStart(id, item.length, item, 0, n);
            } else {
                byte[] spare = ItemCodec.fragmentNextLength(id, n) == maxPiece ? spares.take(maxPiece) : null;
                fragment = ItemCodec.fragmentNext(id, item, offset, n, spare);
            }
            offset += n;
            return fragment;
        }
    }
}
