package io.threadwire.distributed.internal.link;

import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.FrameworkMessage;
import io.threadwire.core.spi.HandoffQueue;
import io.threadwire.distributed.internal.security.FrameCipher;
import io.threadwire.distributed.internal.transport.FaultGate;
import io.threadwire.distributed.internal.wire.ItemCodec;
import io.threadwire.distributed.internal.wire.OutboundFrame;
import io.threadwire.distributed.spi.LinkFilter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of one channel, a virtual thread: packs everything queued into one frame (up to
 * the frame size), waits until KryoNet's write buffer has room for it, and sends it: one system
 * call for many small items under load, and no added delay when traffic is light (the first
 * item wakes it). When it has had nothing to send for a heartbeat interval it sends a heartbeat.
 *
 * <p>Before it writes it passes the node's {@link FaultGate} (a frozen node writes nothing,
 * heartbeats included; a crashed one ends its writer) and, while the node has link filters,
 * waits as long as its link's filter paces the frame ({@link LinkFilter#paceNanos}).
 *
 * <p><b>Write-through.</b> A sender whose connection is idle writes its item itself, on its own
 * thread ({@link #writeThrough}), which spares the wake-up of this writer on each side of a
 * round trip. It may only when nothing queued on the channel is still unwritten (the queue's
 * budget is back to zero, which the writer sees to only after its frame is in KryoNet's buffer),
 * so every item still leaves after everything queued before it; and only when the connection
 * wrote nothing for {@link #IDLE_NANOS}, or as one of the first {@link #BURST} items that one
 * sender writes through in a row, so that a busy connection keeps packing many items into one
 * frame. The writer and such a sender take turns under one lock, which a sender only ever
 * tries: a sender never waits for the writer. A sender may be an application thread that is
 * interrupted, even as it writes: KryoNet's socket channels are non-blocking, and the JDK closes a
 * channel on an interrupt only in a blocking operation, so the connection all threads share
 * stays up ({@code RemoteSendTest.anInterruptedSenderLeavesTheConnectionUp}).
 */
final class ChannelWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelWriter.class);
    /** Queued by the channel when it closes. */
    static final Object STOP = new Object();
    /** Queued by a sender that wrote through and left bytes in KryoNet's buffer: the writer sees them flushed. */
    private static final Object NUDGE = new Object();
    /** Room kept free in KryoNet's write buffer for a no-op frame that wakes its selector. */
    private static final int WRITE_RESERVE = 64;
    /** Longest park while a throttle holds a frame: a close is noticed within it. */
    private static final long MAX_PACE_PARK_NANOS = 10_000_000;
    /**
     * How long the connection must have written nothing for a sender to write through: longer
     * than the gap between a busy sender's items, shorter than a round trip.
     */
    static final long IDLE_NANOS = 20_000;
    /**
     * Items one sender may write through in a row once the connection was idle: a remote call
     * is up to three (the end of the last call's watch, the new watch, the request) when the
     * first two cannot wait for the request's frame ({@link #linger}), each following the other
     * by a few microseconds; a fourth is queued, so a sender that streams gets frames packed.
     */
    static final int BURST = 3;
    /** Most items that wait for the next frame ({@link #linger}); past them, items are sent as before. */
    static final int MAX_LINGERING = 16;

    /** What the writer needs of its channel. */
    interface Host {
        boolean isClosed();

        /** Whether KryoNet saw the connection close: nothing more can be written. */
        boolean peerGone();

        void close(String reason);

        /** A frame was written: reading stays paused if it was (KryoNet's write path resumes it). */
        void frameWritten();

        /** How the channel's frames are protected (set before the writer starts). */
        FrameCipher cipher();

        String describePeer();

        /** The filter on the channel's link; asked only while the node has filters. */
        LinkFilter filter();
    }

    private final Host host;
    private final Connection connection;
    private final SendQueue queue;
    private final int maxBody;
    private final int writeBufferBytes;
    private final long heartbeatNanos;
    private final long roomTimeoutNanos;
    private final FaultGate faults;
    private volatile long lastSent = System.nanoTime();
    private volatile Thread roomWaiter; // this writer, while it waits for write-buffer room
    private final ReentrantLock writing = new ReentrantLock(); // one frame at a time: this writer's, or a sender's
    private final OutboundFrame direct = new OutboundFrame(); // a sender's frame; guarded by writing
    private volatile boolean running;   // between the start of run() and its end
    private volatile Thread burstOwner; // the sender whose burst of write-through items is running; written under writing
    private int burst;                  // items of that burst written so far; guarded by writing
    private final OutboundFrame lingering = new OutboundFrame(); // items for the head of the next frame; guarded by writing

    ChannelWriter(Host host, Connection connection, SendQueue queue, Settings settings, FaultGate faults) {
        this.host = host;
        this.faults = faults;
        this.connection = connection;
        this.queue = queue;
        this.maxBody = settings.maxFrameBodyBytes();
        this.writeBufferBytes = settings.writeBufferBytes();
        this.heartbeatNanos = settings.heartbeatIntervalNanos();
        this.roomTimeoutNanos = settings.sendTimeoutNanos();
    }

    /** KryoNet's write buffer drained: a writer waiting for room looks again. */
    void wake() {
        Thread w = roomWaiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /**
     * On a sender's thread: writes {@code item} (an item that fits one frame) in a frame of its
     * own if the connection is idle (see the class comment), and returns true; false,
     * without waiting, if the item must be queued instead. An item written through whose
     * connection fails at once is lost with it, as a queued one would be.
     */
    boolean writeThrough(byte[] item) {
        // a first look without the lock (lingering may change meanwhile): the frame's size is checked again under it
        if (!quiet() || OutboundFrame.sizeOf(item) + lingering.bodyBytes() > maxBody
                || (System.nanoTime() - lastSent < IDLE_NANOS && burstOwner != Thread.currentThread())
                || !writing.tryLock()) {
            return false;
        }
        try {
            if (!quiet() || host.isClosed() || host.peerGone()) {
                return false; // under the lock the budget is exact: zero means the writer holds nothing unwritten
            }
            Thread me = Thread.currentThread();
            if (System.nanoTime() - lastSent >= IDLE_NANOS) {
                burstOwner = me;
                burst = 1;
            } else if (burstOwner == me && burst < BURST) {
                burst++;
            } else {
                return false;
            }
            direct.clear();
            direct.addAll(lingering);
            direct.add(item);
            if (direct.bodyBytes() > maxBody || !fits(connection.getTcpWriteBufferSize(), wireBytes(direct))) {
                return false;
            }
            if (connection.sendTCP(direct) == 0) {
                host.close("the connection failed while sending");
                return true;
            }
            lingering.clear();
            host.frameWritten();
            lastSent = System.nanoTime();
            if (connection.getTcpWriteBufferSize() > 0) {
                queue.mark(NUDGE); // the socket took part of it: as after a frame of its own, the writer makes sure it leaves
            }
            return true;
        } finally {
            direct.clear();
            writing.unlock();
        }
    }

    /**
     * On a sender's thread: keeps {@code item}, a protocol item that can wait, to leave at the
     * head of the channel's next frame, whoever writes it: the writer's, or a sender's written
     * through; at the latest the writer's next heartbeat. Such an item is the end of a watch,
     * which nobody waits for, or a call's watch, whose request the sender writes next: both then
     * leave in one frame. True if it was kept; false, without waiting, if it must be sent as any
     * other item: something queued is still unwritten (the item must not pass it: it may be the
     * watch this item ends), the writer is writing, or {@link #MAX_LINGERING} items wait
     * already. It spares the connection a frame, and the sender a system call.
     */
    boolean linger(byte[] item) {
        if (!quiet() || !writing.tryLock()) {
            return false;
        }
        try {
            if (!quiet() || host.isClosed() || host.peerGone() || lingering.count() >= MAX_LINGERING
                    || lingering.bodyBytes() + OutboundFrame.sizeOf(item) > maxBody) {
                return false;
            }
            lingering.add(item);
            return true;
        } finally {
            writing.unlock();
        }
    }

    /** Whether the writer holds nothing unwritten and no test fault is set: a sender may write through. */
    private boolean quiet() {
        return queue.budget().used() == 0 && running && !faults.any();
    }

    /** The bytes {@code frame} takes in KryoNet's write buffer: length, type, body (sealed). */
    private int wireBytes(OutboundFrame frame) {
        return 4 + 1 + frame.bodyBytes() + host.cipher().overhead(frame.bodyBytes());
    }

    /** Whether KryoNet's write buffer, holding {@code buffered} bytes, has room for {@code bytes} more. */
    private boolean fits(int buffered, int bytes) {
        return buffered + bytes + WRITE_RESERVE <= writeBufferBytes;
    }

    @Override
    public void run() {
        running = true;
        try {
            write();
        } finally {
            running = false;
        }
    }

    private void write() {
        lastSent = System.nanoTime();
        OutboundFrame frame = new OutboundFrame();
        Object carry = null;
        boolean nudged = true;
        try {
            while (!host.isClosed()) {
                Object first = carry;
                carry = null;
                if (first == null) {
                    if (!nudged && !queue.hasItems() && connection.getTcpWriteBufferSize() > 0) {
                        // KryoNet left bytes for its selector to flush; a queued frame wakes it to notice
                        if (!faults.pass()) {
                            return;
                        }
                        connection.sendTCP(FrameworkMessage.keepAlive);
                        nudged = true;
                    }
                    first = queue.take(lastSent + heartbeatNanos);
                }
                if (first == STOP) {
                    return;
                }
                if (first == NUDGE) {
                    nudged = false;
                    continue;
                }
                frame.clear();
                boolean heartbeat = first == HandoffQueue.TIMED_OUT;
                frame.add(heartbeat ? ItemCodec.HEARTBEAT_ITEM : (byte[]) first);
                long counted = heartbeat ? 0 : ((byte[]) first).length + SendQueue.ITEM_OVERHEAD;
                while (frame.bodyBytes() < maxBody) {
                    Object next = queue.tryTake();
                    if (next == null) {
                        break;
                    }
                    if (next == STOP) {
                        carry = STOP;
                        break;
                    }
                    if (next == NUDGE) {
                        continue; // this frame is written after it: the check after it covers those bytes
                    }
                    byte[] item = (byte[]) next;
                    if (frame.bodyBytes() + OutboundFrame.sizeOf(item) > maxBody) {
                        carry = item;
                        break;
                    }
                    frame.add(item);
                    counted += item.length + SendQueue.ITEM_OVERHEAD;
                }
                int wireBytes = wireBytes(frame);
                if (faults.any() && !passFaults(wireBytes)) {
                    return; // crashed, or closed while a throttle held the frame
                }
                writing.lock();
                try {
                    if (!lingering.isEmpty()) { // they were kept before anything in this frame was queued
                        if (frame.bodyBytes() + lingering.bodyBytes() <= maxBody) {
                            frame.addFirst(lingering);
                            wireBytes = wireBytes(frame);
                        } else if (!awaitRoom(wireBytes(lingering)) || !sendFrame(lingering)) {
                            return;
                        }
                        lingering.clear();
                    }
                    if (!awaitRoom(wireBytes)) {
                        return;
                    }
                    if (!sendFrame(frame)) {
                        return;
                    }
                    for (int i = 0; i < frame.count(); i++) {
                        queue.written(frame.item(i)); // in KryoNet's buffer now: a fragment's array is used again
                    }
                    nudged = false;
                    burstOwner = null; // a frame of ours ends any sender's burst
                    queue.release(counted); // under the lock: a sender that sees zero finds nothing of ours unwritten
                } finally {
                    writing.unlock();
                }
            }
        } catch (Throwable t) {
            LOG.error("the writer to {} failed", host.describePeer(), t);
            host.close("writer failure: " + t);
        }
    }

    /** Writing held: sends {@code frame}; false (and the channel closed) if the connection failed. */
    private boolean sendFrame(OutboundFrame frame) {
        if (connection.sendTCP(frame) == 0) {
            host.close("the connection failed while sending");
            return false;
        }
        host.frameWritten();
        lastSent = System.nanoTime();
        return true;
    }

    /**
     * Before a frame of {@code bytes} leaves: waits while the node is frozen, then as long as the
     * link's filter paces it; false if the node crashed or the channel closed meanwhile.
     */
    private boolean passFaults(int bytes) {
        if (!faults.pass()) {
            return false;
        }
        if (!faults.filtered()) {
            return true;
        }
        long until = System.nanoTime() + host.filter().paceNanos(bytes);
        for (long left; (left = until - System.nanoTime()) > 0 && !host.isClosed(); ) {
            LockSupport.parkNanos(this, Math.min(left, MAX_PACE_PARK_NANOS));
        }
        return !host.isClosed();
    }

    /**
     * Waits until KryoNet's write buffer can take {@code bytes} more; false if the channel closed,
     * or if the peer read nothing for the send timeout (the channel is then closed: a peer that
     * stops reading must not hold this writer, its queue and its senders for ever).
     */
    private boolean awaitRoom(int bytes) {
        long deadline = System.nanoTime() + roomTimeoutNanos;
        int buffered = connection.getTcpWriteBufferSize();
        while (!host.isClosed() && !host.peerGone()) {
            int now = connection.getTcpWriteBufferSize();
            if (fits(now, bytes)) {
                return true;
            }
            if (now < buffered) { // the peer reads: the deadline runs from its last read
                buffered = now;
                deadline = System.nanoTime() + roomTimeoutNanos;
            } else if (System.nanoTime() - deadline > 0) {
                host.close("the peer read nothing for " + TimeUnit.NANOSECONDS.toMillis(roomTimeoutNanos)
                        + " ms: no room to write");
                return false;
            }
            roomWaiter = Thread.currentThread();
            try {
                if (!fits(connection.getTcpWriteBufferSize(), bytes) && !host.isClosed()) {
                    LockSupport.parkNanos(this, 1_000_000); // woken by wake(); the timeout is a safety net
                }
            } finally {
                roomWaiter = null;
            }
        }
        return false;
    }
}
