package io.threadwire.testkit;

import io.threadwire.core.Down;
import io.threadwire.core.Messaging;
import io.threadwire.core.MonitorRef;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.internal.StreamLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A record of numbered messages between threads, checked against what threadwire promises
 * ({@link #check}): per stream (one sending thread, one receiving thread) the messages arrive in
 * the order sent, each at most once, and with no hole: a message is missing only where a
 * {@code Down} about the receiver reached the sender after it sent the last message lost: in a
 * gap, by the time it had sent the next one that arrived; at the end of the stream, at any time.
 * A {@code Down} accounts for what was sent before it, never for what was sent after it: a
 * message is lost only together with all that follow it until a {@code Down}. Use it
 * to check your own protocols under faults.
 *
 * <pre>{@code
 * History history = new History();
 * History.Stream orders = history.stream("a->shop");
 * // on the receiving thread, for each message:   orders.received(order.number());
 * cluster.run(a, () -> {
 *     History.Sender out = orders.sender(shop);   // monitors shop from this thread
 *     for (long n = 1; n <= 1000; n++) {
 *         out.send(n, new Order(n));
 *     }
 *     out.finish();                               // records a Down about the last ones, if any
 * });
 * history.check();                                // throws, printing the first violation in context
 * }</pre>
 *
 * <p><b>Recording by hand.</b> The sender calls {@link Stream#sent} right after each
 * {@code send} returns, numbering messages one after another, and {@link Stream#down} for each
 * {@code Down} about the receiver before it records the next send: the rule above can only be
 * as exact as the order of these records, so check for {@code Down}s (without waiting) after
 * every send, as {@link Sender} does, and after the last send until the stream settles
 * ({@link Sender#finish}). The receiver calls {@link Stream#received} as it takes each message.
 *
 * <p>Thread-safe: every thread of a test may record at once. Memory: about 25 bytes per message.
 */
public final class History {
    private final long origin = System.nanoTime();
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Object, Stream> streams = new LinkedHashMap<>();

    /** An empty history. */
    public History() {
    }

    /** The stream named {@code key} (any value with {@code equals}, such as {@code "a->b"}), made on first use. */
    public Stream stream(Object key) {
        Objects.requireNonNull(key, "key");
        lock.lock();
        try {
            return streams.computeIfAbsent(key, k -> new Stream(new StreamLog(String.valueOf(k), origin)));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks every stream; messages still on their way (sent, not received, with no {@code Down}
     * about them) are waited for, at most {@link Timeouts#PROMPT}.
     *
     * @throws AssertionError describing the first violation, with the events of its stream
     *                        around it (when each was recorded, and by which thread)
     */
    public void check() {
        check(Timeouts.PROMPT);
    }

    /**
     * As {@link #check()}, waiting at most {@code patience} for messages on their way.
     *
     * @throws AssertionError describing the first violation
     * @throws IllegalArgumentException if {@code patience} is negative or longer than
     *                                  {@link NodeConfig#LONGEST_DURATION}
     */
    public void check(Duration patience) {
        Objects.requireNonNull(patience, "patience");
        if (patience.isNegative() || patience.compareTo(NodeConfig.LONGEST_DURATION) > 0) { // counted in nanoseconds
            throw new IllegalArgumentException("patience is 0 to " + NodeConfig.LONGEST_DURATION.toDays()
                    + " days (NodeConfig.LONGEST_DURATION), not " + patience);
        }
        long deadline = System.nanoTime() + patience.toNanos();
        long pause = TimeUnit.MICROSECONDS.toNanos(100);
        for (;;) {
            StreamLog.Verdict unsettled = null;
            for (Stream s : snapshot()) {
                StreamLog.Verdict v = s.log.check();
                if (v.status() == StreamLog.Status.VIOLATED) {
                    throw new AssertionError("history: stream " + s.log.name() + ": " + v.problem() + "\n" + v.context());
                }
                if (v.status() == StreamLog.Status.UNSETTLED && unsettled == null) {
                    unsettled = v;
                }
            }
            if (unsettled == null) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("history: after " + patience + ", " + unsettled.problem() + "\n"
                        + unsettled.context());
            }
            LockSupport.parkNanos(pause); // records announce nothing: look again shortly
            pause = Math.min(TimeUnit.MILLISECONDS.toNanos(10), pause * 2);
        }
    }

    private List<Stream> snapshot() {
        lock.lock();
        try {
            return new ArrayList<>(streams.values());
        } finally {
            lock.unlock();
        }
    }

    /** One stream of numbered messages from one thread to another. Thread-safe. */
    public static final class Stream {
        private final StreamLog log;

        private Stream(StreamLog log) {
            this.log = log;
        }

        /**
         * On the sender, right after {@code send} returned: message {@code n} was sent.
         *
         * @throws IllegalArgumentException if {@code n} does not follow the last number sent
         */
        public void sent(long n) {
            log.sent(n);
        }

        /** On the sender: a {@code Down} about the receiver reached it (record it before the next send). */
        public void down() {
            log.down();
        }

        /** On the receiver: it took message {@code n}. */
        public void received(long n) {
            log.received(n);
        }

        /**
         * A sender for this stream on the calling thread, which it binds to: it monitors
         * {@code receiver} now, and again after each {@code Down} (a receiver whose node was
         * unreachable may be reachable again).
         */
        public Sender sender(ThreadRef receiver) {
            return new Sender(this, Objects.requireNonNull(receiver, "receiver"));
        }

        @Override
        public String toString() {
            return "History.Stream[" + log.name() + "]";
        }
    }

    /**
     * Sends numbered messages on one thread and records them, and the {@code Down}s about the
     * receiver, in the order the check needs. It takes those {@code Down}s out of the thread's
     * mailbox (leaving every other message), so the thread should not wait for them itself.
     */
    public static final class Sender {
        /** How long {@link #finish} waits for a Down before it looks at the stream again. */
        private static final Duration FINISH_SLICE = Duration.ofMillis(5);

        private final Stream stream;
        private final ThreadRef receiver;
        private final Thread owner = Thread.currentThread();

        private MonitorRef monitor; // of the receiver, from creation to the end of finish

        private Sender(Stream stream, ThreadRef receiver) {
            this.stream = stream;
            this.receiver = receiver;
            this.monitor = Messaging.monitor(receiver);
        }

        /**
         * Sends {@code message}, which carries number {@code n}, to the receiver; records it and
         * any {@code Down} that has reached this thread since.
         *
         * @throws IllegalArgumentException if {@code n} does not follow the last number sent
         * @throws WrongThreadException     if called from another thread than the one that made it
         * @throws io.threadwire.core.ThreadwireException as {@code send} throws it (then nothing is recorded)
         */
        public void send(long n, Object message) {
            if (Thread.currentThread() != owner) {
                throw new WrongThreadException("a History.Sender records the Downs of the thread that made it ("
                        + owner.getName() + "); make one on each sending thread");
            }
            stream.log.checkNext(n); // before the send: a refused number must not leave a message unrecorded
            Messaging.send(message, receiver);
            stream.sent(n);
            // The Downs in the mailbox now come before a marker sent to self: take them up to it,
            // without waiting and without a timeout's exception.
            Object marker = new Object();
            Messaging.send(marker, Messaging.self());
            for (;;) {
                Object m = Messaging.receiveIf(x -> x == marker || x instanceof Down d && d.ref().equals(receiver));
                if (m == marker) {
                    return;
                }
                stream.down();
                monitor = Messaging.monitor(receiver);
            }
        }

        /**
         * After the last send: waits until every message sent has been received, or has been
         * sent before a {@code Down} about the receiver that reached this thread (recording each
         * such {@code Down}: it accounts for messages lost at the end of the stream), at most
         * {@link Timeouts#PROMPT}. Until then the thread keeps its monitor of the receiver, so
         * that the loss of messages still on their way reaches it as a {@code Down}; then it
         * removes the monitor, so that no later {@code Down} reaches the thread. A stream
         * that has not settled by then is reported by {@link History#check}.
         *
         * @throws WrongThreadException if called from another thread than the one that made it
         */
        public void finish() {
            if (Thread.currentThread() != owner) {
                throw new WrongThreadException("finish a History.Sender on the thread that made it (" + owner.getName() + ")");
            }
            long deadline = System.nanoTime() + Timeouts.PROMPT.toNanos();
            while (stream.log.check().status() == StreamLog.Status.UNSETTLED && System.nanoTime() - deadline < 0) {
                try {
                    Messaging.receiveIf(m -> m instanceof Down d && d.ref().equals(receiver), FINISH_SLICE);
                    stream.down();
                } catch (ReceiveTimeoutException notYet) {
                    // look at the stream again: the receiver may have caught up
                }
            }
            Messaging.demonitor(monitor); // its Down, if any, taken out too: nothing of it stays in the mailbox
        }
    }
}
