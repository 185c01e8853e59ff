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
import io.threadwire.distributed.internal.logging.PeerText;
import io.threadwire.distributed.internal.logging.RateLimitedWarning;
import io.threadwire.distributed.internal.logging.ThreadPosition;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongUnaryOperator;
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
    /** Frames {@link #where} shows at most. */
    private static final int WHERE_FRAMES = 8;

    /** What the reader needs of its channel. */
    interface Host {
        void onHandshake(Wire.Handshake message, byte[] raw);

        /** TLS records of the handshake (nodes configured for TLS). */
        void onTlsRecords(byte[] records);

        /** An authenticated frame arrived: the peer is alive. */
        void heard();

        boolean isUp();

        boolean isClosed();

        FrameCipher cipher();

        /** Closes the channel; {@code why} the peer left, if known. */
        void close(String reason);

        /** Why the network thread refused a frame, or null. */
        String violation();

        /** Reading was paused and resumes: KryoNet's buffer needs pumping. */
        void resumed();

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
    private final InboundMemory inbound;
    private final LongUnaryOperator decodedBound;
    private final long memoryWaitNanos;
    private final FaultGate faults;
    private final RateLimitedWarning brokenHandshake;
    private long held; // inbound memory this reader holds for the payloads it is decoding
    private volatile Thread thread;

    ChannelReader(Host host, Channel channel, Intake intake, ChannelContext context, FaultGate faults) {
        this.host = host;
        this.channel = channel;
        this.intake = intake;
        this.items = context.items();
        this.maxItemBytes = context.settings().maxItemBytes();
        this.inbound = context.inbound();
        this.decodedBound = context.decodedBound();
        this.memoryWaitNanos = context.settings().sendTimeoutNanos();
        this.faults = faults;
        this.brokenHandshake = context.me().warnings().brokenHandshake();
        this.reassembly = new Reassembly(maxItemBytes, 2L * maxItemBytes);
        this.reassembly.reuse(inbound.spareArray());
    }

    /**
     * Charges the buffers of half-sent messages to the peer's budget and to the node's inbound
     * memory; called once the channel is filed under its peer, before any data frame is read.
     */
    void chargeTo(PeerBudget budget) {
        reassembly.chargeTo(new Reassembly.Memory() {
            @Override
            public boolean take(long bytes) {
                if (!inbound.tryTakeForReassembly(bytes)) {
                    return false;
                }
                if (!budget.charge("half-sent messages", bytes)) {
                    inbound.giveFromReassembly(bytes);
                    return false;
                }
                return true;
            }

            @Override
            public boolean tryTake(long bytes) {
                if (!inbound.tryTakeSurplusForReassembly(bytes)) {
                    return false;
                }
                if (!budget.tryChargeSurplus(bytes)) {
                    inbound.giveFromReassembly(bytes);
                    return false;
                }
                return true;
            }

            @Override
            public void give(long bytes) {
                budget.release(bytes);
                inbound.giveFromReassembly(bytes);
            }
        });
    }

    /**
     * Where this reader stands, for a test's failure message: ended, not started, or its place
     * on its stack ({@link ThreadPosition}).
     */
    String where() {
        Thread t = thread;
        if (t == null) {
            return "reader not started";
        }
        if (!t.isAlive()) {
            return "reader ended";
        }
        String at = ThreadPosition.of(t, ChannelReader.class, WHERE_FRAMES);
        return at.isEmpty() ? "reader running" : "reader at " + at;
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
                    closeAfterReleasing(violation != null ? violation : "connection closed");
                    return;
                }
                InboundFrame frame;
                if (next instanceof Intake.Held held) {
                    frame = held.frame();
                    awaitReadable(held.readAt()); // a sign of life once it opens, as any frame
                } else {
                    frame = (InboundFrame) next;
                }
                handle(frame);
                if (intake.handled(frame)) {
                    host.resumed();
                }
            }
        } catch (ProtocolException | MalformedMessageException e) {
            if (host.isUp()) {
                LOG.warn("closing the connection with {}: {}", host.describePeer(), PeerText.safe(e.getMessage()));
            } else { // before any proof: rate-limited, as anyone may connect
                brokenHandshake.warn("closing the connection with {} during its handshake: {}", host.describePeer(),
                        PeerText.safe(e.getMessage()));
            }
            closeAfterReleasing("protocol violation: " + PeerText.safe(e.getMessage()));
        } catch (Throwable t) {
            LOG.error("closing the connection with {} after an unexpected failure", host.describePeer(), t);
            closeAfterReleasing("internal failure: " + t);
        } finally {
            releaseAll();
            host.readerEnded();
        }
    }

    /** Gives back what this channel holds before it is seen closed: a peer that left takes nothing with it. */
    private void closeAfterReleasing(String reason) {
        releaseAll();
        host.close(reason);
    }

    private void releaseAll() {
        reassembly.clear();
        releaseMemory();
    }

    /** Waits until {@code readAt}, or until the channel closes (a held frame of a closed channel is not read). */
    private void awaitReadable(long readAt) {
        for (long left; (left = readAt - System.nanoTime()) > 0 && !host.isClosed(); ) {
            LockSupport.parkNanos(this, Math.min(left, MAX_HOLD_PARK_NANOS));
        }
    }

    private void handle(InboundFrame frame) {
        if (frame.type() == Protocol.FRAME_HANDSHAKE) {
            host.onHandshake(HandshakeCodec.decode(frame.body(), 0, frame.body().length), frame.body());
            return;
        }
        if (frame.type() == Protocol.FRAME_TLS) {
            host.onTlsRecords(frame.body());
            return;
        }
        if (!host.isUp()) {
            if (host.isClosed()) {
                return;
            }
            throw new ProtocolException("data before the handshake completed");
        }
        FrameCipher c = host.cipher();
        if (c == null) { // cannot happen once up; refused rather than read in clear
            throw new ProtocolException("a data frame on a connection with no frame protection agreed");
        }
        byte[] body = c.open(frame.body());
        host.heard(); // only a frame that opened is a sign of life
        WireReader in = new WireReader(body, 0, body.length);
        try {
            while (in.hasRemaining() && !host.isClosed()) {
                int length = in.readVarInt(body.length);
                Wire.Slice slice = in.slice(length);
                Wire.Item item = ItemCodec.decode(slice.bytes(), slice.offset(), slice.length(), maxItemBytes);
                Wire.Slice whole = switch (item) {
                    case Wire.FragmentStart s -> reassembly.start(s.transferId(), s.totalLength(), s.chunk());
                    case Wire.FragmentNext n -> reassembly.next(n.transferId(), n.chunk());
                    default -> {
                        hand(item, body.length);
                        yield null;
                    }
                };
                if (whole != null) {
                    Wire.Item reassembled = ItemCodec.decode(whole.bytes(), 0, whole.length(), maxItemBytes);
                    if (reassembled instanceof Wire.FragmentStart || reassembled instanceof Wire.FragmentNext) {
                        throw new ProtocolException("a fragment inside a fragment");
                    }
                    hand(reassembled, whole.length()); // decoded at once: nothing keeps a slice of its buffer
                    reassembly.handled(whole);
                }
            }
        } finally {
            items.flush(channel);
            releaseMemory(); // what this frame's messages took is in mailboxes now, or dropped
        }
    }

    /** Hands an item to the node; one with a payload first gets the memory its decoding may take. */
    private void hand(Wire.Item item, int carrierBytes) {
        if (item instanceof Wire.Send s && items.mayBeForService(s) && !awaitServiceRoom(s.payload().length())) {
            return; // the channel closed meanwhile: nothing more it sent is handled
        }
        if (decodesAPayload(item)) {
            reserveForDecoding(carrierBytes);
        }
        items.handle(channel, item);
    }

    /**
     * Whether handling {@code item} decodes objects the peer encoded: a message, a reply, or an
     * exit reason with a value or a linked thread's handle (a Down, a link's exit, an exit
     * signal), which the node decodes on this thread as it decodes messages.
     */
    private static boolean decodesAPayload(Wire.Item item) {
        return switch (item) {
            case Wire.Send s -> true;
            case Wire.Reply r -> true;
            case Wire.Down d -> decodesAPayload(d.reason());
            case Wire.LinkExit x -> decodesAPayload(x.reason());
            case Wire.Exit x -> decodesAPayload(x.reason());
            default -> false;
        };
    }

    private static boolean decodesAPayload(Wire.Reason reason) {
        return switch (reason) {
            case Wire.Custom c -> c.value() != null;
            case Wire.Linked l -> l.thread() != null || decodesAPayload(l.root());
            case Wire.Plain p -> false;
            case Wire.Crash c -> false;
        };
    }

    /**
     * Waits until the node's services have room for one more message of {@code payloadBytes} from
     * this channel ({@link ServiceBacklog}); false if the channel closed first. What this reader
     * holds is delivered and given back before it waits, as for {@link #reserveForDecoding}.
     *
     * @throws ProtocolException if the services have taken nothing of this peer's for the send
     *                           timeout (a service waits on a peer at most that long)
     */
    private boolean awaitServiceRoom(int payloadBytes) {
        ServiceBacklog backlog = channel.serviceBacklog();
        long cost = ServiceBacklog.cost(payloadBytes);
        if (backlog.hasRoom(cost)) {
            return true;
        }
        items.flush(channel);
        releaseMemory();
        boolean room;
        try {
            room = backlog.awaitRoom(cost, memoryWaitNanos, host::isClosed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProtocolException("interrupted while waiting for the node's services to take this peer's messages");
        }
        if (!room && !host.isClosed()) {
            throw new ProtocolException("the node's services have not taken any of this peer's messages for "
                    + TimeUnit.NANOSECONDS.toMillis(memoryWaitNanos) + " ms (" + backlog.waiting() + " bytes of them wait)");
        }
        return room;
    }

    /**
     * Holds enough of the node's inbound memory to decode a message of up to {@code bytes}.
     * What it held before is given back before it waits for more, so that no reader waits while
     * holding: readers cannot wait on each other.
     */
    private void reserveForDecoding(int bytes) {
        long need = Math.min(decodedBound.applyAsLong(bytes), inbound.maxDecodingClaim());
        if (need <= held) {
            return;
        }
        items.flush(channel); // what they hold is delivered before their memory is given back
        releaseMemory();
        long taken;
        try {
            taken = inbound.takeForDecoding(need, System.nanoTime() + memoryWaitNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProtocolException("interrupted while waiting for memory to decode a message");
        }
        if (taken < 0) {
            throw new ProtocolException("this node's inbound memory stayed full for "
                    + TimeUnit.NANOSECONDS.toMillis(memoryWaitNanos) + " ms: no room to decode a message");
        }
        held = taken;
    }

    private void releaseMemory() {
        inbound.giveFromDecoding(held);
        held = 0;
    }
}
