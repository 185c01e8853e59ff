package io.threadwire.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything recorded of one stream of numbered messages (one sender, one receiver), and its
 * check against threadwire's promises. The sender's record holds the numbers it sent (one after
 * another) and, for each {@code Down} it saw, the last number sent before it; the receiver's,
 * the numbers in the order they arrived. Thread-safe: the two sides record at once.
 *
 * <p>The rules, for received numbers {@code m} then {@code n}: {@code n > m} (order, no
 * duplicate); if {@code n > m + 1} (messages {@code m+1..n-1} were lost), the sender must have
 * seen a {@code Down} after it sent {@code n-1}, the last of them, and no later than right after
 * it sent {@code n}; messages sent after the last one received must have been sent before a
 * {@code Down} the sender saw, or still be on their way. Both say one thing: a {@code Down}
 * covers only what was sent before it, as a message is lost only together with all that follow
 * it until a {@code Down}. (Counting later ones covered let
 * {@link io.threadwire.testkit.History.Sender#finish} stop watching while they were on their
 * way, and the {@code Down} of their loss then went to no one.)
 */
public final class StreamLog {
    /** What a check found: nothing wrong, something wrong, or messages still on their way. */
    public enum Status { OK, VIOLATED, UNSETTLED }

    /** The outcome of a check: its status and, unless OK, what and where. */
    public record Verdict(Status status, String problem, String context) {
        static final Verdict OK = new Verdict(Status.OK, null, null);
    }

    /** Events shown each side of a place in the stream. */
    private static final int CONTEXT = 3;

    private final String name;
    private final long origin;
    private final ReentrantLock lock = new ReentrantLock();
    private long first = Long.MIN_VALUE;         // the first number sent; MIN_VALUE: none yet
    private long last;                           // the last number sent
    private final LongList sendTimes = new LongList();
    private final LongList downAfter = new LongList(); // per Down: the last number sent before it (first-1 if none)
    private final LongList downTimes = new LongList();
    private final LongList received = new LongList();
    private final LongList receiveTimes = new LongList();
    private String senderThread;
    private String receiverThread;

    public StreamLog(String name, long origin) {
        this.name = name;
        this.origin = origin;
    }

    public String name() {
        return name;
    }

    /** The sender sent message {@code n}: the first number, or the one after the last. */
    /**
     * Checks, before it is sent, that {@code n} may be sent next.
     *
     * @throws IllegalArgumentException if it does not follow the last number sent
     */
    public void checkNext(long n) {
        lock.lock();
        try {
            checkNextLocked(n);
        } finally {
            lock.unlock();
        }
    }

    private void checkNextLocked(long n) {
        if (first != Long.MIN_VALUE && n != last + 1) {
            throw new IllegalArgumentException("stream " + name + ": sent " + n + " after " + last
                    + "; number the messages of a stream one after another (1, 2, 3, ...) as they are sent");
        }
    }

    public void sent(long n) {
        lock.lock();
        try {
            checkNextLocked(n);
            if (first == Long.MIN_VALUE) {
                first = n;
            }
            last = n;
            sendTimes.add(System.nanoTime());
            senderThread = senderThread == null ? Thread.currentThread().getName() : senderThread;
        } finally {
            lock.unlock();
        }
    }

    /** A {@code Down} about the receiver reached the sender. */
    public void down() {
        lock.lock();
        try {
            downAfter.add(first == Long.MIN_VALUE ? Long.MIN_VALUE : last);
            downTimes.add(System.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    /** The receiver took message {@code n}. */
    public void received(long n) {
        lock.lock();
        try {
            received.add(n);
            receiveTimes.add(System.nanoTime());
            receiverThread = receiverThread == null ? Thread.currentThread().getName() : receiverThread;
        } finally {
            lock.unlock();
        }
    }

    /** Checks the stream as recorded so far. */
    public Verdict check() {
        lock.lock();
        try {
            long prev = Long.MIN_VALUE;
            for (int i = 0; i < received.size(); i++) {
                long n = received.get(i);
                if (first == Long.MIN_VALUE || n > last) {
                    return new Verdict(Status.UNSETTLED, "message " + n + " was received but never recorded as sent",
                            context(i, n, n));
                }
                if (n < first) {
                    return violated("message " + n + " was received but never sent (the first sent was " + first + ")",
                            i, n, n);
                }
                if (prev != Long.MIN_VALUE && n <= prev) {
                    return violated(n == prev ? "message " + n + " was received twice"
                            : "message " + n + " was received after " + prev + ": out of order", i, n, prev);
                }
                long expected = prev == Long.MIN_VALUE ? first : prev + 1;
                if (n > expected && !downBetween(n - 1, n)) { // a Down after the last one lost, before n left
                    int late = laterBelow(i, n);
                    if (late >= 0) { // a missing message came after all: the fault is the order, shown where it came
                        return violated("message " + received.get(late) + " was received after " + received.get(late - 1)
                                + ": out of order", late, received.get(late), received.get(late - 1));
                    }
                    return violated("message " + n + " was received after " + (prev == Long.MIN_VALUE ? "none" : prev)
                            + ": " + range(expected, n - 1) + " lost, and the sender saw no Down between sending "
                            + (n - 1) + " and sending " + n + " (a hole)", i, expected, n);
                }
                prev = n;
            }
            if (first == Long.MIN_VALUE) {
                return Verdict.OK;
            }
            long expected = prev == Long.MIN_VALUE ? first : prev + 1;
            long uncovered = Math.max(expected, lastDownAfter() + 1); // a Down covers what was sent before it
            if (uncovered <= last) {
                return new Verdict(Status.UNSETTLED, range(uncovered, last) + " sent but not received, and the sender saw no"
                        + " Down after sending " + uncovered, context(received.size(), uncovered, last));
            }
            return Verdict.OK;
        } finally {
            lock.unlock();
        }
    }

    /** The index of the first receipt after {@code index} of a number below {@code n}, or -1. */
    private int laterBelow(int index, long n) {
        for (int j = index + 1; j < received.size(); j++) {
            if (received.get(j) < n) {
                return j;
            }
        }
        return -1;
    }

    /** The last number sent before the sender's last Down; {@code first - 1} if it saw none after a send. Lock held, something sent. */
    private long lastDownAfter() {
        long after = downAfter.size() == 0 ? Long.MIN_VALUE : downAfter.get(downAfter.size() - 1);
        return after == Long.MIN_VALUE ? first - 1 : after; // Downs are recorded in order: the last is the latest
    }

    /** Whether the sender saw a Down after it sent {@code from} and no later than right after it sent {@code to}. */
    private boolean downBetween(long from, long to) {
        int i = downAfter.firstAtLeast(from);
        return i < downAfter.size() && downAfter.get(i) <= to;
    }

    private Verdict violated(String problem, int receivedIndex, long low, long high) {
        return new Verdict(Status.VIOLATED, problem, context(receivedIndex, low, high));
    }

    private static String range(long a, long b) {
        return a == b ? "message " + a + " was" : "messages " + a + ".." + b + " were";
    }

    /**
     * The events around a place in the stream, in time order: the sends and Downs around
     * numbers {@code low} and {@code high} (a few each side of each), the receipts around
     * {@code receivedIndex}, which is marked.
     */
    private String context(int receivedIndex, long low, long high) {
        record Line(long at, String text) {
        }
        List<Line> lines = new ArrayList<>();
        java.util.TreeSet<Long> numbers = new java.util.TreeSet<>();
        for (long around : new long[] {low, high}) {
            for (long n = Math.max(first, around - CONTEXT); first != Long.MIN_VALUE && n <= Math.min(last, around + CONTEXT); n++) {
                numbers.add(n);
            }
        }
        for (long n : numbers) {
            lines.add(new Line(sendTimes.get((int) (n - first)), "sender   " + pad(senderThread) + " sent " + n));
        }
        for (int d = 0; d < downAfter.size(); d++) {
            long after = downAfter.get(d);
            if (numbers.contains(after) || numbers.contains(after + 1)) {
                lines.add(new Line(downTimes.get(d), "sender   " + pad(senderThread) + " saw a Down"));
            }
        }
        for (int r = Math.max(0, receivedIndex - CONTEXT); r < Math.min(received.size(), receivedIndex + CONTEXT); r++) {
            lines.add(new Line(receiveTimes.get(r), "receiver " + pad(receiverThread) + " received " + received.get(r)
                    + (r == receivedIndex ? "   <-- here" : "")));
        }
        lines.sort((x, y) -> Long.compare(x.at(), y.at()));
        StringBuilder b = new StringBuilder("the events of stream ").append(name).append(" around it (ms since the history began):");
        for (Line l : lines) {
            b.append(String.format(Locale.ROOT, "%n  %10.3f  %s", (l.at() - origin) / 1e6, l.text()));
        }
        b.append(String.format(Locale.ROOT, "%n  (%d sent, %d received, %d Downs seen in all)",
                first == Long.MIN_VALUE ? 0 : last - first + 1, received.size(), downAfter.size()));
        return b.toString();
    }

    private static String pad(String thread) {
        return "[" + (thread == null ? "?" : thread) + "]";
    }
}
