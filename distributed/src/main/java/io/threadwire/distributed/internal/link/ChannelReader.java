package io.threadwire.distributed.internal.link;

import io.threadwire.distributed.internal.security.FrameCipher;
import io.threadwire.distributed.internal.transport.FaultGate;
import io.threadwire.distributed.internal.transport.InboundFrame;
import io.threadwire.distributed.internal.wire.HandshakeCodec;
import io.threadwire.distributed.internal.wire.ItemCodec;
import io.threadwire.distributed.internal.wire.Protocol;
import io.threadwire.distributed.internal.wire.ProtocolException;
import io.threadwire.distributed.internal.wire.Reassembly;
import io.threadwire.distributed.internal.wire.Wire;
import io.threadwire.distributed.internal.wire.WireReader;
import io.threadwire.serialize.MalformedMessageException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader of one channel, a virtual thread: takes the frames the network thread queued in
 * order, runs the handshake, opens sealed frames, puts fragments back together, and hands each
 * item to the node. A peer that breaks the protocol has its channel closed, and only that.
 *
 * <p>Before each frame it passes the node's {@link FaultGate} (a frozen node reads nothing; a
 * crashed one ends its reader), and it waits until a frame a test's delay holds may be read.
 */
final class ChannelReader implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelReader.class);
    /** Queued by the channel when it closes. */
    static final Object STOP = new Object();
    /** Queued when KryoNet saw the connection close: behind every frame that came before. */
    static final Object DISCONNECTED = new Object();
    /** Longest park while a frame is held: a close is noticed within it. */
    private static final long MAX_HOLD_PARK_NANOS = 10_000_000;

    /** What the reader needs of its channel. */
    interface Host {
        void onHandshake(Wire.Handshake message);

        boolean isUp();

        boolean isClosed();

        FrameCipher cipher();

        /** Closes the channel; {@code why} the peer left, if known. */
        void close(String reason);

        /** Why the network thread refused a frame, or null. */
        String violation();

        /** Reading was paused and resumes: KryoNet's buffer needs pumping. */
        void resumed();

        /** A frame a delay held was taken: the peer's sign of life counts from now. */
        void heldFrameRead();

        String describePeer();

        /** The reader has stopped for good and hands nothing more to the node; on the reader thread. */
        void readerEnded();
    }

    private final Host host;
    private final Channel channel;
    private final Intake intake;
    private final ItemHandler items;
    private final Reassembly reassembly;
    private final int maxItemBytes;
    private final FaultGate faults;
    private volatile Thread thread;

    ChannelReader(Host host, Channel channel, Intake intake, ItemHandler items, int maxItemBytes, FaultGate faults) {
        this.host = host;
        this.channel = channel;
        this.intake = intake;
        this.items = items;
        this.maxItemBytes = maxItemBytes;
        this.faults = faults;
        this.reassembly = new Reassembly(maxItemBytes, 2L * maxItemBytes);
    }

    /** Whether the calling thread is this reader. */
    boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            for (;;) {
                Object next = intake.take();
                if (!faults.pass()) {
                    return; // the node crashed: nothing more is read
                }
                if (next == STOP) {
                    return;
                }
                if (next == DISCONNECTED) {
                    String violation = host.violation();
                    host.close(violation != null ? violation : "connection closed");
                    return;
                }
                InboundFrame frame;
                if (next instanceof Intake.Held held) {
                    frame = held.frame();
                    awaitReadable(held.readAt());
                    host.heldFrameRead();
                } else {
                    frame = (InboundFrame) next;
                }
                handle(frame);
                if (intake.handled(frame)) {
                    host.resumed();
                }
            }
        } catch (ProtocolException | MalformedMessageException e) {
            LOG.warn("closing the connection with {}: {}", host.describePeer(), e.getMessage());
            host.close("protocol violation: " + e.getMessage());
        } catch (Throwable t) {
            LOG.error("closing the connection with {} after an unexpected failure", host.describePeer(), t);
            host.close("internal failure: " + t);
        } finally {
            reassembly.clear();
            host.readerEnded();
        }
    }

    /** Waits until {@code readAt}, or until the channel closes (a held frame of a closed channel is not read). */
    private void awaitReadable(long readAt) {
        for (long left; (left = readAt - System.nanoTime()) > 0 && !host.isClosed(); ) {
            LockSupport.parkNanos(this, Math.min(left, MAX_HOLD_PARK_NANOS));
        }
    }

    private void handle(InboundFrame frame) {
        if (frame.type() == Protocol.FRAME_HANDSHAKE) {
            host.onHandshake(HandshakeCodec.decode(frame.body(), 0, frame.body().length));
            return;
        }
        if (!host.isUp()) {
            if (host.isClosed()) {
                return;
            }
            throw new ProtocolException("data before the handshake completed");
        }
        FrameCipher c = host.cipher();
        byte[] body = c == null ? frame.body() : c.open(frame.body());
        WireReader in = new WireReader(body, 0, body.length);
        while (in.hasRemaining() && !host.isClosed()) {
            int length = in.readVarInt(body.length);
            Wire.Slice slice = in.slice(length);
            Wire.Item item = ItemCodec.decode(slice.bytes(), slice.offset(), slice.length(), maxItemBytes);
            byte[] whole = switch (item) {
                case Wire.FragmentStart s -> reassembly.start(s.transferId(), s.totalLength(), s.chunk());
                case Wire.FragmentNext n -> reassembly.next(n.transferId(), n.chunk());
                default -> {
                    items.handle(channel, item);
                    yield null;
                }
            };
            if (whole != null) {
                Wire.Item reassembled = ItemCodec.decode(whole, 0, whole.length, maxItemBytes);
                if (reassembled instanceof Wire.FragmentStart || reassembled instanceof Wire.FragmentNext) {
                    throw new ProtocolException("a fragment inside a fragment");
                }
                items.handle(channel, reassembled);
            }
        }
    }
}
