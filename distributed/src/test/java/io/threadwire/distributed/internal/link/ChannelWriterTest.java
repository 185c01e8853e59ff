package io.threadwire.distributed.internal.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryonet.Connection;
import io.threadwire.distributed.internal.security.FrameCipher;
import io.threadwire.distributed.internal.security.PlaintextFrames;
import io.threadwire.distributed.internal.transport.FaultGate;
import io.threadwire.distributed.internal.wire.ItemCodec;
import io.threadwire.distributed.internal.wire.OutboundFrame;
import io.threadwire.distributed.spi.LinkFilter;
import io.threadwire.testkit.Timeouts;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Items that wait for the channel's next frame ({@link ChannelWriter#linger}): the end of a
 * watch, and a call's watch. Each leaves at the head of the next frame, whoever writes it, or
 * with the next heartbeat; none passes an item queued before it; and a sender's items keep
 * their order, however its writes, its queued items and the writer interleave.
 */
class ChannelWriterTest {
    private static final long PATIENCE_NANOS = Timeouts.LONG.toNanos();
    private static final byte MONITOR = 1, REQUEST = 2, DEMONITOR = 3, OTHER = 4;

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final FramesOut connection = new FramesOut();
    private SendQueue queue;
    private ChannelWriter writer;
    private volatile boolean closed;

    @AfterEach
    void stop() throws InterruptedException {
        closed = true;
        if (queue != null) {
            queue.mark(ChannelWriter.STOP);
        }
        connection.release();
        threads.shutdownNow();
        assertThat(threads.awaitTermination(PATIENCE_NANOS, TimeUnit.NANOSECONDS)).isTrue();
    }

    /** KryoNet's connection as the writer sees it: each frame written, as the labels of its items. */
    private static final class FramesOut extends Connection {
        final BlockingQueue<List<String>> frames = new LinkedBlockingQueue<>();
        private volatile CountDownLatch gate = new CountDownLatch(0);

        /** The next frames are written only once {@link #release} is called. */
        void hold() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        @Override
        public int sendTCP(Object object) {
            if (!(object instanceof OutboundFrame frame)) {
                return 1; // KryoNet's keep-alive, which wakes its selector
            }
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < frame.count(); i++) {
                labels.add(label(frame.item(i)));
            }
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
            frames.add(labels);
            return 5 + frame.bodyBytes();
        }

        @Override
        public int getTcpWriteBufferSize() {
            return 0; // the socket takes every frame at once
        }

        List<String> next() throws InterruptedException {
            List<String> frame = frames.poll(PATIENCE_NANOS, TimeUnit.NANOSECONDS);
            assertThat(frame).as("no frame was written").isNotNull();
            return frame;
        }
    }

    /** Starts a writer whose frames hold at most {@code maxFrameBody} bytes of items. */
    private void start(int maxFrameBody, long heartbeatNanos) {
        Settings settings = new Settings(maxFrameBody, maxFrameBody / 2, 1 << 20, maxFrameBody + 64, 256 << 10,
                4 << 20, heartbeatNanos, 10 * heartbeatNanos, PATIENCE_NANOS, PATIENCE_NANOS, PATIENCE_NANOS, 16, 4,
                100, 16 << 20, 64 << 20, 64 << 20, PATIENCE_NANOS, false);
        queue = new SendQueue(settings.outboundBufferBytes(), maxFrameBody / 2, () -> !closed,
                new FragmentPool(settings.outboundBufferBytes() / 2));
        writer = new ChannelWriter(new ChannelWriter.Host() {
            @Override
            public boolean isClosed() {
                return closed;
            }

            @Override
            public boolean peerGone() {
                return false;
            }

            @Override
            public void close(String reason) {
                closed = true;
            }

            @Override
            public void frameWritten() {
            }

            @Override
            public FrameCipher cipher() {
                return PlaintextFrames.INSTANCE;
            }

            @Override
            public String describePeer() {
                return "a test's peer";
            }

            @Override
            public LinkFilter filter() {
                return LinkFilter.OPEN;
            }
        }, connection, queue, settings, new FaultGate());
        threads.submit(writer);
        queue.force(item(OTHER, -1, -1)); // once it is written, the writer runs
        try {
            assertThat(connection.next()).containsExactly("kind4:-1:-1");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        Timeouts.await(() -> queue.budget().used() == 0, "the writer to give its item's room back");
    }

    /** An item of {@code kind} tagged with its sender and its number. */
    private static byte[] item(byte kind, int sender, int seq) {
        byte[] b = new byte[9];
        b[0] = kind;
        ByteBuffer.wrap(b, 1, 8).putInt(sender).putInt(seq);
        return b;
    }

    private static String label(byte[] item) {
        if (Arrays.equals(item, ItemCodec.HEARTBEAT_ITEM)) {
            return "heartbeat";
        }
        ByteBuffer b = ByteBuffer.wrap(item, 1, 8);
        return "kind" + item[0] + ":" + b.getInt() + ":" + b.getInt();
    }

    /**
     * Lingers {@code item} as soon as the writer is quiet. The test sees a frame as the writer
     * hands it to the connection, a moment before the writer gives its items' room back and lets
     * go of its lock; until then an item may not linger (it is sent as any other would be).
     */
    private void lingerOnceQuiet(byte[] item) {
        Timeouts.await(() -> writer.linger(item), "the writer to keep " + label(item) + " for its next frame");
    }

    /** What a sender does with an item: writes it through if it may, else queues it. */
    private void send(byte[] item) throws InterruptedException {
        if (!writer.writeThrough(item)) {
            assertThat(queue.sendData(item, PATIENCE_NANOS)).isEqualTo(SendQueue.Outcome.QUEUED);
        }
    }

    @Test
    void aLingeringItemLeavesAtTheHeadOfTheNextFrameInOneFrameWithIt() throws Exception {
        start(64 << 10, TimeUnit.SECONDS.toNanos(30));
        for (int i = 0; i < 20; i++) { // written through, or queued for the writer when the last write was too recent
            lingerOnceQuiet(item(DEMONITOR, 0, i));
            lingerOnceQuiet(item(MONITOR, 0, i));
            send(item(REQUEST, 0, i));
            assertThat(connection.next()).containsExactly("kind3:0:" + i, "kind1:0:" + i, "kind2:0:" + i);
        }
    }

    @Test
    void aLingeringItemLeavesWithTheNextHeartbeatWhenNothingElseIsSent() throws Exception {
        long heartbeat = TimeUnit.MILLISECONDS.toNanos(50);
        start(64 << 10, heartbeat);
        connection.frames.clear();
        assertThat(writer.linger(item(DEMONITOR, 0, 0))).isTrue();
        List<String> frame = connection.next();
        if (frame.equals(List.of("heartbeat"))) { // a heartbeat was on its way as the item came
            frame = connection.next();
        }
        assertThat(frame).containsExactly("kind3:0:0", "heartbeat");
    }

    @Test
    void nothingLingersWhileAQueuedItemIsUnwrittenNorPastTheLimit() throws Exception {
        start(64 << 10, TimeUnit.SECONDS.toNanos(30));
        connection.hold();
        queue.force(item(OTHER, 0, 0));
        assertThat(writer.linger(item(DEMONITOR, 0, 0))).as("the writer holds an unwritten item").isFalse();
        connection.release();
        assertThat(connection.next()).containsExactly("kind4:0:0");
        Timeouts.await(() -> queue.budget().used() == 0, "the writer to give its item's room back");

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < ChannelWriter.MAX_LINGERING; i++) {
            assertThat(writer.linger(item(DEMONITOR, 0, i))).isTrue();
            expected.add("kind3:0:" + i);
        }
        assertThat(writer.linger(item(DEMONITOR, 0, 99))).as("past the limit").isFalse();
        send(item(REQUEST, 0, 0));
        expected.add("kind2:0:0");
        assertThat(connection.next()).containsExactlyElementsOf(expected);
    }

    /**
     * Senders make calls as a node does: the call's watch lingers if it may (else it is queued as
     * a control item), the request is written through or queued, and the end of the watch lingers
     * or is queued. Small frames make the writer often split what it takes. Every sender's items
     * must leave exactly once, in the order it sent them.
     */
    @Test
    void racingSendersKeepTheirOrderWhateverLingers() throws Exception {
        start(256, TimeUnit.MILLISECONDS.toNanos(20));
        int senders = 4;
        int calls = 1_000;
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            running.add(threads.submit(() -> {
                for (int i = 0; i < calls; i++) {
                    byte[] monitor = item(MONITOR, sender, i);
                    if (!writer.linger(monitor)) {
                        queue.forceFromSender(monitor);
                    }
                    send(item(REQUEST, sender, i));
                    byte[] demonitor = item(DEMONITOR, sender, i);
                    if (!writer.linger(demonitor)) {
                        queue.forceFromSender(demonitor);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get(PATIENCE_NANOS, TimeUnit.NANOSECONDS);
        }
        Map<Integer, List<String>> bySender = new HashMap<>();
        int expected = senders * calls * 3;
        int seen = 0;
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (seen < expected && System.nanoTime() - deadline < 0) { // what lingers last leaves with a heartbeat
            for (String label : connection.next()) {
                if (!label.equals("heartbeat")) {
                    bySender.computeIfAbsent(Integer.parseInt(label.split(":")[1]), k -> new ArrayList<>()).add(label);
                    seen++;
                }
            }
        }
        for (int s = 0; s < senders; s++) {
            List<String> want = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                want.add("kind1:" + s + ":" + i);
                want.add("kind2:" + s + ":" + i);
                want.add("kind3:" + s + ":" + i);
            }
            assertThat(bySender.get(s)).as("sender %d's items", s).containsExactlyElementsOf(want);
        }
    }
}
