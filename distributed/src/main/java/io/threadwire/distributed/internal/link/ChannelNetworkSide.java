package io.threadwire.distributed.internal.link;

import io.threadwire.distributed.internal.security.FrameCipher;
import io.threadwire.distributed.internal.transport.EndpointLoop;
import io.threadwire.distributed.internal.transport.FaultGate;
import io.threadwire.distributed.internal.transport.FrameHandler;
import io.threadwire.distributed.internal.transport.InboundFrame;
import io.threadwire.distributed.internal.transport.ReadGate;
import io.threadwire.distributed.internal.wire.HandshakeCodec;
import io.threadwire.distributed.internal.wire.Protocol;
import io.threadwire.distributed.spi.LinkFilter;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What KryoNet's network thread sees of one channel ({@link FrameHandler}): it copies frames
 * into the channel's {@link Intake}, pausing reading when the reader falls behind, and records
 * that the peer is alive, authenticated, misbehaving or gone. Never blocks.
 *
 * <p>A test's faults on the link ({@link LinkFilter}) act here, as each frame arrives: a frame
 * the link does not {@linkplain LinkFilter#hears hear} is dropped unheard, and so is every
 * later frame of the connection (it is <em>deaf</em>: only the failure detector ends it); a
 * frame the link {@linkplain LinkFilter#holdNanos holds} goes to the intake with the time the
 * reader may take it, never earlier than the frame before it, and is heard then.
 */
final class ChannelNetworkSide implements FrameHandler, ChannelLiveness {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelNetworkSide.class);

    /** What the network side needs of its channel. */
    interface Host {
        boolean isClosed();

        void close(String reason);

        FrameCipher cipher();

        /** The filter on the channel's link; asked only while the node has filters. */
        LinkFilter filter();

        String describePeer();
    }

    private final Host host;
    private final boolean dialed;
    private final EndpointLoop loop;
    private final ReadGate gate;
    private final Intake intake;
    private final ChannelWriter writer;      // woken when KryoNet's write buffer drains
    private final FaultGate faults;
    /**
     * Frames one connection reads in one turn of its loop before it lets the others read: enough
     * that a busy connection rarely yields (64 full frames are 4 MiB), few enough that one that
     * floods the loop, with keep-alives say, delays the others by no more than that.
     */
    static final int FRAMES_PER_TURN = 64;

    private boolean deaf;                    // network thread only: a frame was dropped, every later one is
    private long turn = -1;                  // network thread only: the loop's turn framesThisTurn counts in
    private int framesThisTurn;              // network thread only
    private long lastHeldUntil;              // network thread only: when the last held frame may be read
    private volatile long lastReceived = System.nanoTime();
    private volatile boolean authenticated;  // set before data may be read
    private volatile boolean peerGone;       // KryoNet saw the connection close; the reader closes the channel
    private volatile String violation;       // why the network thread refused a frame

    ChannelNetworkSide(Host host, boolean dialed, EndpointLoop loop, ReadGate gate, Intake intake, ChannelWriter writer,
                       FaultGate faults) {
        this.host = host;
        this.dialed = dialed;
        this.loop = loop;
        this.gate = gate;
        this.intake = intake;
        this.writer = writer;
        this.faults = faults;
    }

    @Override
    public long lastReceived() {
        return lastReceived;
    }

    @Override
    public boolean silenceIsOurs() {
        return gate.isPaused() || intake.waiting() > 0;
    }

    /** How reading stands, in words, for a test's failure message. */
    String describeFlow() {
        return "heard " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastReceived) + " ms ago, "
                + intake.waiting() + " bytes unread" + (gate.isPaused() ? ", reading paused" : "")
                + (gate.isYielded() ? ", reading yielded" : "") + (peerGone ? ", peer gone" : "")
                + (authenticated ? "" : ", not authenticated");
    }

    boolean peerGone() {
        return peerGone;
    }

    String violationSeen() {
        return violation;
    }

    /**
     * The handshake proved the peer: a sign of life, from which its silence counts, not from the
     * accept. Handshake frames are none (anyone may send them), so a handshake that took longer
     * than the heartbeat timeout (a loaded node, a tie-break's probe) had the failure detector
     * close the connection the moment it came up, before the peer could send it a heartbeat.
     */
    void authenticated() {
        lastReceived = System.nanoTime();
        authenticated = true;
    }

    boolean isAuthenticated() {
        return authenticated;
    }

    /** Reading was paused and resumes: the silence was ours, and KryoNet's buffer needs pumping. */
    void resumed() {
        lastReceived = System.nanoTime();
        loop.execute(this::pumpBuffered);
    }

    /**
     * Loop thread: hands on the frames KryoNet buffered, which no select will announce, unless
     * reading is paused (its resume pumps) or yielded (the turn's end pumps), within the turn.
     */
    private void pumpBuffered() {
        if (!host.isClosed() && !gate.isPaused() && !gate.isYielded()) {
            gate.pump(o -> (!(o instanceof InboundFrame f) || frameArrived(f)) && withinTurn());
        }
    }

    @Override
    public boolean withinTurn() {
        long now = loop.turn();
        if (now != turn) {
            turn = now;
            framesThisTurn = 0;
        }
        if (++framesThisTurn < FRAMES_PER_TURN || !ReadGate.available()) {
            return true;
        }
        gate.yieldTurn();
        loop.executeNextTurn(() -> {
            if (gate.endYield()) {
                pumpBuffered();
            }
        });
        return false;
    }

    /** A frame was written: reading stays paused if it was (KryoNet's write path resumes it). */
    void frameWritten() {
        if (gate.isPaused() || gate.isYielded()) {
            gate.reapply();
        }
    }

    @Override
    public boolean acceptsData() {
        return authenticated;
    }

    /**
     * An authenticated frame was read: the peer is alive (called by the reader, so that a frame
     * a test's fault dropped or holds counts only once the reader takes it, and a KeepAlive,
     * which anyone on the path can forge, never does).
     */
    void heard() {
        lastReceived = System.nanoTime();
    }

    /** Whether the frame arriving reaches this node; network thread only. */
    private boolean hears() {
        if (deaf) {
            return false;
        }
        if (!faults.filtered() || host.filter().hears()) {
            return true;
        }
        deaf = true;
        LOG.debug("the connection with {} lost a frame (test fault): it hears nothing more", host.describePeer());
        return false;
    }

    @Override
    public boolean frameArrived(InboundFrame frame) {
        long hold = 0;
        if (deaf || faults.filtered()) {
            if (!hears()) {
                return true; // dropped; reading goes on, and the failure detector sees the silence
            }
            hold = host.filter().holdNanos();
        }
        if (dialed && frame.type() == Protocol.FRAME_HANDSHAKE && HandshakeCodec.isWelcome(frame.body())) {
            authenticated = true; // the dialed side may read data right after Welcome; the reader checks it
        }
        Intake.Verdict verdict;
        if (hold > 0) {
            lastHeldUntil = Math.max(lastHeldUntil, System.nanoTime() + hold); // never before the frame ahead of it
            verdict = intake.offerHeld(frame, lastHeldUntil);
        } else {
            verdict = intake.offer(frame);
        }
        return switch (verdict) {
            case READ_ON -> true;
            case RESUMED -> {
                resumed();
                yield true;
            }
            case PAUSE -> false;
            case OVERRUN -> {
                violation = "the peer sent " + intake.waiting() + " bytes more than this node could handle";
                host.close(violation);
                yield false;
            }
        };
    }

    @Override
    public void violation(Throwable cause) {
        violation = "protocol violation: " + cause.getMessage();
    }

    /**
     * The peer's last frames may still wait in the intake (a Refused, a Goodbye, the messages it
     * sent just before closing): the reader handles them first, then closes the channel.
     */
    @Override
    public void disconnected() {
        if (!host.isClosed()) {
            peerGone = true; // nothing can be sent any more: waits for room end at once
            intake.mark(ChannelReader.DISCONNECTED);
            writeBufferIdle();
        }
    }

    @Override
    public void writeBufferIdle() {
        writer.wake(); // a writer waiting for room looks again
        if (gate.isPaused() || gate.isYielded()) {
            gate.reapply(); // KryoNet may have put read interest back
        }
    }

    @Override
    public FrameCipher cipher() {
        return host.cipher();
    }
}
