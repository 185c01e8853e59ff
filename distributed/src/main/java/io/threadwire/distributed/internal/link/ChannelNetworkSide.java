package io.threadwire.distributed.internal.link;

import io.threadwire.distributed.internal.security.FrameCipher;
import io.threadwire.distributed.internal.transport.EndpointLoop;
import io.threadwire.distributed.internal.transport.FrameHandler;
import io.threadwire.distributed.internal.transport.InboundFrame;
import io.threadwire.distributed.internal.transport.ReadGate;
import io.threadwire.distributed.internal.wire.HandshakeCodec;
import io.threadwire.distributed.internal.wire.Protocol;

/**
 * What KryoNet's network thread sees of one channel ({@link FrameHandler}): it copies frames
 * into the channel's {@link Intake}, pausing reading when the reader falls behind, and records
 * that the peer is alive, authenticated, misbehaving or gone. Never blocks.
 */
final class ChannelNetworkSide implements FrameHandler {

    /** What the network side needs of its channel. */
    interface Host {
        boolean isClosed();

        void close(String reason);

        FrameCipher cipher();

        /** KryoNet's write buffer drained: a writer waiting for room looks again. */
        void wakeWriter();
    }

    private final Host host;
    private final boolean dialed;
    private final EndpointLoop loop;
    private final ReadGate gate;
    private final Intake intake;
    private volatile long lastReceived = System.nanoTime();
    private volatile boolean authenticated;  // set before data may be read
    private volatile boolean peerGone;       // KryoNet saw the connection close; the reader closes the channel
    private volatile String violation;       // why the network thread refused a frame

    ChannelNetworkSide(Host host, boolean dialed, EndpointLoop loop, ReadGate gate, Intake intake) {
        this.host = host;
        this.dialed = dialed;
        this.loop = loop;
        this.gate = gate;
        this.intake = intake;
    }

    long lastReceived() {
        return lastReceived;
    }

    boolean isReadPaused() {
        return gate.isPaused();
    }

    boolean peerGone() {
        return peerGone;
    }

    String violationSeen() {
        return violation;
    }

    void authenticated() {
        authenticated = true;
    }

    boolean isAuthenticated() {
        return authenticated;
    }

    /** Reading was paused and resumes: the silence was ours, and KryoNet's buffer needs pumping. */
    void resumed() {
        lastReceived = System.nanoTime();
        loop.execute(() -> {
            if (!host.isClosed()) { // KryoNet buffered frames that no select will announce: hand them on
                gate.pump(o -> !(o instanceof InboundFrame f) || frameArrived(f));
            }
        });
    }

    /** A frame was written: reading stays paused if it was (KryoNet's write path resumes it). */
    void frameWritten() {
        if (gate.isPaused()) {
            gate.reapply();
        }
    }

    @Override
    public boolean acceptsData() {
        return authenticated;
    }

    /** An authenticated frame was read: the peer is alive (called by the reader). */
    void heard() {
        lastReceived = System.nanoTime();
    }

    @Override
    public boolean frameArrived(InboundFrame frame) {
        if (dialed && frame.type() == Protocol.FRAME_HANDSHAKE && HandshakeCodec.isWelcome(frame.body())) {
            authenticated = true; // the dialed side may read data right after Welcome; the reader checks it
        }
        return switch (intake.offer(frame)) {
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
        host.wakeWriter();
        if (gate.isPaused()) {
            gate.reapply(); // KryoNet may have put read interest back
        }
    }

    @Override
    public FrameCipher cipher() {
        return host.cipher();
    }
}
