package io.threadwire.distributed.internal.link;

import io.threadwire.core.LocalThread;
import java.util.Arrays;

/**
 * The messages of one data frame that its reader has decoded and not yet delivered: the node
 * delivers a run of them together, in order, before anything else the frame carries takes
 * effect and at the latest when the frame is done ({@link ItemHandler#flush}). Used by the
 * channel's reader thread only.
 *
 * <p>Why: delivered one by one, each as it was decoded, a message reached a receiving thread
 * that had drained its mailbox a few hundred nanoseconds before and was still spinning for the
 * next (see {@code InboundQueue}): that thread kept a core busy for as long as the reader took
 * to decode the frame, a core that on a small machine the rest of the node, or the sender,
 * needed. Delivered together, the receiving thread takes the whole run at once and then parks.
 * At most {@value #MAX_RUN} messages are held, and no longer than it takes to decode them: a
 * message waits for the decoding of at most that many after it (some 80 µs of small messages
 * here).
 */
public final class HeldDeliveries {
    /** Most messages held at once: a run this long is delivered without waiting for the frame's end. */
    public static final int MAX_RUN = 256;

    private LocalThread[] targets = new LocalThread[16];
    private Object[] messages = new Object[16];
    private int size;

    /**
     * Holds {@code message} for {@code target}, to be delivered after those held before it;
     * true if {@value #MAX_RUN} are held now, to be delivered at once.
     */
    public boolean add(LocalThread target, Object message) {
        if (size == targets.length) {
            targets = Arrays.copyOf(targets, size * 2);
            messages = Arrays.copyOf(messages, size * 2);
        }
        targets[size] = target;
        messages[size] = message;
        return ++size >= MAX_RUN;
    }

    /** Delivers a run of messages for one thread: {@code messages[from..to)}, an array it must not keep. */
    @FunctionalInterface
    public interface Delivery {
        void deliver(LocalThread target, Object[] messages, int from, int to);
    }

    /**
     * Hands every held message to {@code delivery}, in the order they were held, as runs of
     * consecutive messages for the same thread (one mailbox put per run), and holds none.
     */
    public void deliverAll(Delivery delivery) {
        int n = size;
        size = 0;
        try {
            for (int from = 0; from < n; ) {
                LocalThread t = targets[from];
                int to = from + 1;
                while (to < n && targets[to] == t) {
                    to++;
                }
                delivery.deliver(t, messages, from, to);
                from = to;
            }
        } finally {
            Arrays.fill(targets, 0, n, null);
            Arrays.fill(messages, 0, n, null);
        }
    }

    public boolean isEmpty() {
        return size == 0;
    }
}
