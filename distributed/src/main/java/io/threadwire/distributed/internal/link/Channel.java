package io.threadwire.distributed.internal.link;

import com.esotericsoftware.kryonet.Connection;
import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.security.FrameCipher;
import io.threadwire.distributed.internal.security.PeerIdentity;
import io.threadwire.distributed.internal.transport.Attachment;
import io.threadwire.distributed.internal.transport.EndpointLoop;
import io.threadwire.distributed.internal.transport.ReadGate;
import io.threadwire.distributed.internal.wire.Wire;
import io.threadwire.distributed.spi.LinkFilter;
import io.threadwire.serialize.AdmittedTypes;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KryoNet connection between this node and another, from the handshake to its close: its
 * {@link Intake} (frames from the network thread), its {@link ChannelReader}, its
 * {@link SendQueue} and its {@link ChannelWriter}, and the monitors the peer holds over it
 * ({@link RemoteWatchers}); its handshake's side ({@link ChannelHandshake}), what senders do
 * ({@link ChannelSender}) and who the peer is ({@link RemoteEnd}) are parts of their own.
 *
 * <p>Threads. KryoNet's network thread only copies frames in ({@link ChannelNetworkSide}); the reader,
 * a virtual thread, runs the handshake and hands items to the node; senders encode on their own
 * threads and queue bytes; the writer, a virtual thread, batches them into frames.
 *
 * <p>Frames. They enter at {@link ChannelNetworkSide}; the reader hands handshake frames to
 * {@link ChannelHandshake#onFrame} and opens data frames with {@link #cipher}; handshake frames
 * leave by {@link ChannelHandshake#sendHandshake}, data frames are sealed and written by
 * {@link ChannelWriter}.
 *
 * <p>States: handshake, up, closed. Closing happens once ({@link #close}), from any thread and
 * without blocking: the KryoNet connection is closed on its endpoint's loop thread, the reader
 * and writer stop, and the node learns of it through its {@link ChannelListener}: if the channel
 * was up, {@code closed} comes from the reader once it has stopped handing items to the node (so
 * the loss comes after everything that arrived on the channel); else {@code abandoned}, at once.
 */
public final class Channel implements SlotChannel, ChannelNetworkSide.Host, ChannelReader.Host, ChannelWriter.Host,
        ChannelSender.Host, ChannelHandshake.Host {
    private static final Logger LOG = LoggerFactory.getLogger(Channel.class);

    /** Whether this node dialed the connection or accepted it. */
    public enum Role { DIALED, ACCEPTED }

    private enum State { HANDSHAKE, UP, CLOSED }

    private final Role role;
    private final NodeAddress dialedAddress; // the address this node dialed, for a dialed channel
    private final Connection connection;
    private final EndpointLoop loop;
    private final boolean ownsLoop;          // a dialed channel's client has a loop of its own
    private final ChannelListener listener;
    private final LinkFaults faults;
    private final String threadTag;
    private final AtomicReference<State> state = new AtomicReference<>(State.HANDSHAKE);
    private final long openedAt = System.nanoTime();
    /**
     * Why the channel closed: the first close's reason, set before the state says closed, so
     * that a reader that ends on seeing the channel closed (by another thread's close, or by its
     * own, which then returns at once) always finds it. Set after the state, as it once was, a
     * reader that ended on the peer's disconnect while another thread was between the two
     * writes found none, and the loss of a channel in use was never reported: the slot kept it,
     * closed, for good, and held every later connection with the peer behind it.
     */
    private final AtomicReference<String> closeReason = new AtomicReference<>();
    private volatile boolean wentUp;         // the handshake ended with the channel up: its loss is reported
    private volatile FrameCipher cipher;          // from the end of the handshake: frames are never written without
    private final Intake intake;
    private final ChannelNetworkSide network;
    private final SendQueue sendQueue;
    private final ChannelHandshake handshake;
    private final RemoteEnd remote;
    private final ChannelReader reader;
    private final ChannelWriter writer;
    private final ChannelSender sender;
    private final RemoteWatchers remoteWatchers = new RemoteWatchers();
    private final HeldDeliveries held = new HeldDeliveries();
    private final ServiceBacklog serviceBacklog = new ServiceBacklog();

    /**
     * @param connection    KryoNet's connection, which this channel attaches itself to
     * @param dialedAddress the address dialed, for a {@link Role#DIALED} channel; else null
     */
    public <C extends Connection & Attachment> Channel(ChannelContext context, Role role, NodeAddress dialedAddress,
                                                       C connection, EndpointLoop loop, boolean ownsLoop) {
        Settings settings = context.settings();
        this.role = role;
        this.dialedAddress = dialedAddress;
        this.connection = connection;
        this.loop = loop;
        this.ownsLoop = ownsLoop;
        this.listener = context.listener();
        this.faults = context.faults();
        this.threadTag = Integer.toString(context.me().address().port());
        ReadGate gate = new ReadGate(connection);
        this.intake = new Intake(gate);
        this.sendQueue = new SendQueue(settings.outboundBufferBytes(), settings.maxFrameItemBytes(),
                settings.maxItemBytes(), () -> !isClosed(), context.fragments(), context.allPeers());
        this.writer = new ChannelWriter(this, connection, sendQueue, settings, faults.gate());
        this.network = new ChannelNetworkSide(this, role == Role.DIALED, loop, gate, intake, writer, faults.gate());
        this.handshake = new ChannelHandshake(this, this, connection, listener, context.me(), context.tls(), role == Role.DIALED);
        this.remote = new RemoteEnd(connection, handshake::claimed);
        this.reader = new ChannelReader(this, this, intake, context, faults.gate());
        this.sender = new ChannelSender(this, sendQueue, reader, writer, settings.sendTimeoutNanos());
        connection.attach(network);
        connection.setKeepAliveTCP(0); // liveness is ours: heartbeats and the node's failure detector
        connection.setTimeout(0);
        connection.setIdleThreshold(0.5f);
    }

    // ---- identity and state ------------------------------------------------------------------

    public Role role() {
        return role;
    }

    /** The address this node dialed, for a dialed channel; else null. */
    public NodeAddress dialedAddress() {
        return dialedAddress;
    }

    /** Who the peer is, as far as the handshake has gone, and what it said as it left. */
    public RemoteEnd remote() {
        return remote;
    }

    /** What the peer admits in messages, once the handshake is done; else null. */
    @Override
    public AdmittedTypes peerTypes() {
        return remote.types();
    }

    /** The peer's socket as {@code ip:port}, or "?" once unknown (closed). */
    @Override
    public String socketAddress() {
        return remote.socketAddress();
    }

    @Override
    public boolean isUp() {
        return state.get() == State.UP;
    }

    @Override
    public boolean isClosed() {
        return state.get() == State.CLOSED;
    }

    public long openedAt() {
        return openedAt;
    }

    /** When the peer was last heard, for the failure detector. */
    public ChannelLiveness liveness() {
        return network;
    }

    /** The messages of the frame being read, decoded and not yet delivered; the reader thread's only. */
    public HeldDeliveries heldDeliveries() {
        return held;
    }

    /** The peer's messages that the node's services have not handled yet. */
    public ServiceBacklog serviceBacklog() {
        return serviceBacklog;
    }

    /** The monitors the peer holds on this node's threads over this channel. */
    public RemoteWatchers remoteWatchers() {
        return remoteWatchers;
    }

    /**
     * Charges what the peer makes this node hold over this channel (its monitors, its half-sent
     * messages) to {@code budget}; called on the reader thread when the channel is filed under
     * its peer, before any data frame is read.
     */
    public void chargeTo(PeerBudget budget) {
        remoteWatchers.chargeTo(budget);
        reader.chargeTo(budget);
    }

    /** Completes when the handshake succeeds; fails with the reason the channel closed before. */
    CompletableFuture<Channel> whenEstablished() {
        return handshake.whenEstablished();
    }

    /** Bytes queued and not yet handed to KryoNet. */
    public long queuedBytes() {
        return sendQueue.budget().used();
    }

    // ---- life cycle ------------------------------------------------------------------------------

    /** Starts the channel: a dialed one says Hello; the reader starts. */
    public void start() {
        remote.noteSocket();
        handshake.start();
        Thread.ofVirtual().name("threadwire-read-" + threadTag).start(reader);
    }

    /**
     * Closes the channel: once, from any thread, without blocking. If it was up, the node hears
     * of it ({@link ChannelListener#closed}) from the reader once the reader has stopped handing
     * items over, so that the loss comes after everything that arrived on the channel.
     */
    @Override
    public void close(String reason) {
        closeReason.compareAndSet(null, reason); // before the state: whoever sees it closed finds why
        State before = state.getAndSet(State.CLOSED);
        if (before == State.CLOSED) {
            return;
        }
        intake.mark(ChannelReader.STOP);
        sendQueue.mark(ChannelWriter.STOP);
        sendQueue.close(); // what it holds unwritten is no longer the node's to count
        network.writeBufferIdle();
        loop.execute(connection::close);
        if (ownsLoop) {
            loop.stopLater();
        }
        remoteWatchers.closeAll();
        if (before == State.UP) {
            LOG.info("connection to {} closed: {}", describePeer(), reason);
        } else {
            LOG.debug("connection {} ({}) closed during the handshake: {}", socketAddress(), role, reason);
            listener.abandoned(this);
        }
        handshake.closed(reason);
    }

    /**
     * Waits (bounded) until the network loop this channel owns, if it dialed, has ended: for a
     * crash, whose loop resets the connection as it ends.
     */
    public void stopNetwork() {
        if (ownsLoop) {
            loop.stop();
        }
    }

    // ---- sending ---------------------------------------------------------------------------------

    /** Queues an application item, waiting up to {@code timeoutNanos} while the queue is full (see {@link SendQueue}). */
    public SendQueue.Outcome sendData(byte[] item, long timeoutNanos) throws InterruptedException {
        return sender.sendData(item, timeoutNanos);
    }

    /**
     * Whether an item of {@code length} bytes is cut into fragments, copies of its bytes (or, a
     * little bigger than a fragment, written through whole, which copies it too): once
     * {@link #sendData} has returned, this channel refers to no such item (its sender may reuse it).
     */
    public boolean cutsIntoFragments(int length) {
        return sendQueue.cutsIntoFragments(length);
    }

    /**
     * Queues a protocol item. Never waits, except on the reader thread, which waits for room
     * like a sender and cuts the peer off past the send timeout (see {@link ChannelSender}).
     */
    @Override
    public void sendControl(byte[] item) {
        sender.sendControl(item);
    }

    /**
     * Sends {@code signal} as {@link #sendControl} does, encoded with a compact reason if the peer
     * has a backlog (see {@link ChannelSender}), so that such a signal is never encoded whole first.
     */
    public void sendSignal(Signal signal) {
        sender.sendSignal(signal);
    }

    @Override
    public void forceControl(byte[] item) {
        sender.forceControl(item);
    }

    @Override
    public void forceSignal(Signal signal) {
        sender.forceSignal(signal);
    }

    @Override
    public void sendLazily(byte[] item) {
        sender.sendLazily(item);
    }

    @Override
    public void forceData(byte[] item, DataEncoder again) {
        sender.forceData(item, again);
    }

    /** See {@link ChannelSender#awaitControlRoom}. */
    boolean awaitControlRoom() {
        return sender.awaitControlRoom();
    }

    // ---- the hosts of its parts ------------------------------------------------------------------

    @Override
    public FrameCipher cipher() {
        return cipher;
    }

    @Override
    public void onHandshake(Wire.Handshake message, byte[] raw) {
        handshake.onFrame(message, raw);
    }

    @Override
    public void onTlsRecords(byte[] records) {
        handshake.onTlsRecords(records);
    }

    @Override
    public void heard() {
        network.heard();
    }

    @Override
    public String violation() {
        return network.violationSeen();
    }

    @Override
    public void resumed() {
        network.resumed();
    }

    @Override
    public boolean peerGone() {
        return network.peerGone();
    }

    @Override
    public void frameWritten() {
        network.frameWritten();
    }

    @Override
    public void readerEnded() {
        String reason = closeReason.get();
        if (wentUp && reason != null) { // no reason: the node crashed before anything closed it, and reports nothing
            listener.closed(this, reason);
        }
    }

    @Override
    public LinkFilter filter() {
        NodeAddress peer = remote.address();
        return faults.filterFor(peer != null ? peer : dialedAddress);
    }

    @Override
    public String describePeer() {
        return remote.describe();
    }

    // ---- the end of the handshake: the reader thread ---------------------------------------

    @Override
    public void authenticated() {
        network.authenticated();
    }

    /** The channel is up: its writer starts and the node hears of it (see {@link ChannelHandshake.Host}). */
    @Override
    public boolean established(PeerIdentity proved, FrameCipher frameCipher) {
        remote.proved(proved);
        cipher = Objects.requireNonNull(frameCipher, "frameCipher");
        network.authenticated();
        if (!state.compareAndSet(State.HANDSHAKE, State.UP)) {
            return false; // closed meanwhile: its listener heard of it as abandoned
        }
        wentUp = true; // on the reader thread, which alone reports the loss as it ends
        Thread.ofVirtual().name("threadwire-write-" + threadTag).start(writer);
        listener.established(this);
        return true;
    }

    @Override
    public String describe() {
        return this + ": " + network.describeFlow() + ", " + reader.where();
    }

    @Override
    public String toString() {
        return "Channel[" + role + " " + describePeer() + " " + state.get() + "]";
    }
}
