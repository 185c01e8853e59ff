package io.threadwire.distributed.internal;

import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.FrameworkMessage;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.internal.Mailbox;
import io.threadwire.core.spi.Registration;
import io.threadwire.serialize.MalformedMessageException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KryoNet connection between this node and another: its handshake, a reader thread that
 * decodes what arrives, and a writer thread that batches what leaves.
 *
 * <p>Threads. KryoNet's network thread only copies frames into {@link #inbox} (see
 * {@link FrameSerialization}); the reader, a virtual thread, runs the handshake, decrypts,
 * reassembles fragments and hands each item to the node. Senders encode on their own threads
 * and queue the bytes in {@link #outbox}; the writer, a virtual thread, packs everything queued
 * into one frame (up to the frame size), waits until KryoNet's write buffer has room for it, and
 * sends it: one system call for many small messages under load, and no added delay when traffic
 * is light (the writer is woken by the first message). When it has had nothing to send for a
 * heartbeat interval it sends a heartbeat.
 *
 * <p>Closing happens once ({@link #close}), from any thread and without blocking: the KryoNet
 * connection is closed on its endpoint's loop thread, the reader and writer stop, and the peer
 * learns of it on a thread of its own.
 */
final class Channel {
    private static final Logger LOG = LoggerFactory.getLogger(Channel.class);
    private static final Object STOP = new Object();
    /** Put in the inbox when the peer closed the connection: behind every frame that came before. */
    private static final Object DISCONNECTED = new Object();
    /** Room kept free in KryoNet's write buffer for a no-op frame that wakes its selector. */
    private static final int WRITE_RESERVE = 64;
    /** Bytes received and not yet handled past which reading pauses, and below which it resumes. */
    private static final long READ_PAUSE_BYTES = 4 << 20;
    private static final long READ_RESUME_BYTES = 1 << 20;
    /** Bytes waiting past which the peer is cut off: pausing failed, or the peer ignores TCP. */
    private static final long READ_HARD_LIMIT = 64 << 20;
    /** Memory a queued item takes beyond its bytes (array header, queue node): counted in the budget. */
    private static final int ITEM_OVERHEAD = 48;
    /** Monitors one peer may hold on this node's threads over one connection. */
    static final int MAX_THEIR_MONITORS = 250_000;

    enum Role { DIALED, ACCEPTED }

    private enum State { HANDSHAKE, UP, CLOSED }

    private final NodeRuntime node;
    private final Role role;
    private final Connection connection;
    private final EndpointLoop loop;
    private final boolean ownsLoop; // a dialed channel's client has a loop of its own
    private final AtomicReference<State> state = new AtomicReference<>(State.HANDSHAKE);
    private final long openedAt = System.nanoTime();
    private volatile long lastReceived = System.nanoTime();
    private volatile long lastSent = System.nanoTime();
    private volatile boolean authenticated;  // set before data may be read
    private volatile FrameCipher cipher;
    private volatile String violation;       // why the network thread rejected a frame
    private volatile Thread roomWaiter;      // the writer, while waiting for write-buffer room

    private final Mailbox inbox = new Mailbox();
    private final java.util.concurrent.atomic.AtomicLong inboundBytes = new java.util.concurrent.atomic.AtomicLong();
    private final ReadGate readGate;
    private volatile Thread reader;
    private volatile boolean peerGone; // KryoNet saw the connection close; the reader closes the channel
    private final Mailbox outbox = new Mailbox();
    private final OutboundBudget budget;
    private final Reassembly reassembly;
    private final AtomicLong transferIds = new AtomicLong();
    private final Handshake handshake;
    final CompletableFuture<Channel> established = new CompletableFuture<>();

    /** Monitors the peer holds on this node's threads, by the peer's monitor id. */
    final Map<Long, Registration> theirMonitors = new ConcurrentHashMap<>();

    private volatile Peer peer;
    private volatile Peer dialer; // for a dialed channel: the peer that dialed it

    Channel(NodeRuntime node, Role role, Connection connection, EndpointLoop loop, boolean ownsLoop) {
        this.node = node;
        this.role = role;
        this.connection = connection;
        this.loop = loop;
        this.ownsLoop = ownsLoop;
        this.budget = new OutboundBudget(node.settings().outboundBufferBytes());
        this.reassembly = new Reassembly(node.settings().maxItemBytes(), 2L * node.settings().maxItemBytes());
        this.handshake = new Handshake(node, this, role);
        this.readGate = new ReadGate(connection);
        node.register(connection, this);
        connection.setKeepAliveTCP(0); // liveness is ours: heartbeats and the node's failure detector
        connection.setTimeout(0);
        connection.setIdleThreshold(0.5f);
    }

    // ---- identity and state ------------------------------------------------------------------

    Role role() {
        return role;
    }

    NodeRuntime node() {
        return node;
    }

    NodeAddress remoteAddress() {
        return handshake.remoteAddress();
    }

    long remoteIncarnation() {
        return handshake.remoteIncarnation();
    }

    /** The peer's address as its socket shows it, for logs about unauthenticated peers. */
    String socketAddress() {
        var a = connection.getRemoteAddressTCP();
        return a == null ? "?" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    boolean isAuthenticated() {
        return authenticated;
    }

    boolean isUp() {
        return state.get() == State.UP;
    }

    boolean isClosed() {
        return state.get() == State.CLOSED;
    }

    boolean inHandshake() {
        return state.get() == State.HANDSHAKE;
    }

    long openedAt() {
        return openedAt;
    }

    long lastReceived() {
        return lastReceived;
    }

    /**
     * Whether this node has stopped reading the connection (its reader is behind): the peer's
     * silence then says nothing about the peer, and the failure detector does not count it.
     */
    boolean isReadPaused() {
        return readGate.isPaused();
    }

    FrameCipher cipher() {
        return cipher;
    }

    Peer peer() {
        return peer;
    }

    Peer dialer() {
        return dialer;
    }

    void dialer(Peer p) {
        dialer = p;
    }

    OutboundBudget budget() {
        return budget;
    }

    /** Whether everything queued has been written to the socket. */
    boolean isFlushed() {
        return budget.used() == 0 && connection.getTcpWriteBufferSize() == 0;
    }

    // ---- called by KryoNet's network thread (must not block) -------------------------------------

    /** Any frame arrived: the peer is alive. */
    void received() {
        lastReceived = System.nanoTime();
    }

    /** A frame was refused by {@link FrameSerialization}; KryoNet closes the connection next. */
    void protocolViolation(Throwable t) {
        violation = "protocol violation: " + t.getMessage();
    }

    /**
     * A frame arrived (network thread, or the loop thread pumping after a pause). Returns false
     * when reading must pause: too many bytes wait for the reader (see {@link ReadGate}).
     */
    boolean frameArrived(InboundFrame frame) {
        if (frame.type() == FrameSerialization.HANDSHAKE && handshake.isWelcome(frame.body())) {
            authenticated = true; // the dialed side may read data right after Welcome; the reader checks it
        }
        long waiting = inboundBytes.addAndGet(frame.body().length);
        inbox.put(frame);
        if (waiting > READ_HARD_LIMIT) {
            violation = "the peer sent " + waiting + " bytes more than this node could handle";
            close(violation);
            return false;
        }
        if (waiting > READ_PAUSE_BYTES) {
            readGate.pause(); // back-pressure: TCP stops the sender until the reader catches up
            if (inboundBytes.get() < READ_RESUME_BYTES) {
                // the reader caught up between the count and the pause, and may be waiting for
                // frames that a paused connection will never bring: undo it here
                return resumeReading();
            }
            return false;
        }
        return true;
    }

    /** Reads again if reading was paused; true (keep reading) either way. */
    private boolean resumeReading() {
        if (readGate.resume()) {
            lastReceived = System.nanoTime(); // the silence while paused was ours, not the peer's
            loop.execute(this::pumpBuffered);
        }
        return true;
    }

    /** Loop thread, after a resume: hands on what KryoNet has buffered, as the read loop would. */
    private void pumpBuffered() {
        if (isClosed()) {
            return;
        }
        readGate.pump(o -> !(o instanceof InboundFrame f) || frameArrived(f));
    }

    /** KryoNet's write buffer drained below its idle threshold (KryoNet may have restored read interest). */
    void writeBufferIdle() {
        Thread w = roomWaiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
        if (readGate.isPaused()) {
            readGate.reapply();
        }
    }

    /**
     * KryoNet saw the connection close. The peer's last frames may still wait in the inbox (a
     * Refused, a Goodbye, the messages it sent just before closing): the reader handles them
     * first, then closes the channel.
     */
    void disconnected() {
        if (!isClosed()) {
            peerGone = true; // nothing can be sent any more: waits for room end at once
            inbox.put(DISCONNECTED);
            writeBufferIdle();
        }
    }

    // ---- life cycle -----------------------------------------------------------------------------

    /** Starts the reader; for a dialed channel, also says Hello. */
    void start() {
        Thread.ofVirtual().name("threadwire-read-" + node.address().port()).start(this::readLoop);
        if (role == Role.DIALED) {
            handshake.sendHello();
        }
    }

    /** Sends a handshake message directly: only the reader thread does, before the writer exists. */
    void sendHandshake(byte[] body) {
        if (connection.sendTCP(new HandshakeFrame(body)) == 0) {
            close("connection closed during the handshake");
        }
    }

    /** The peer proved it holds the secret: the network thread may pass its data frames on. */
    void authenticated() {
        authenticated = true;
    }

    /** The handshake succeeded: frames may flow. Runs on the reader thread. */
    void established(FrameCipher cipher) {
        this.cipher = cipher;
        this.authenticated = true;
        // The peer is known before the channel counts as up, and installed after: a close that
        // races with this then either finds the channel still in its handshake (and it is never
        // installed) or finds the peer to tell; Peer.attached looks once more after installing.
        Peer p = node.peerFor(this);
        this.peer = p;
        if (!state.compareAndSet(State.HANDSHAKE, State.UP)) {
            return; // closed meanwhile
        }
        lastSent = System.nanoTime();
        Thread.ofVirtual().name("threadwire-write-" + node.address().port()).start(this::writeLoop);
        p.attached(this);
        established.complete(this);
    }

    /**
     * Closes the channel: once, from any thread, without blocking. The peer, if the channel was
     * up, learns of it on a new virtual thread.
     */
    void close(String reason) {
        State before = state.getAndSet(State.CLOSED);
        if (before == State.CLOSED) {
            return;
        }
        inbox.put(STOP);
        outbox.put(STOP);
        writeBufferIdle();
        loop.execute(() -> {
            connection.close();
            node.unregister(connection);
        });
        if (ownsLoop) {
            loop.stopLater();
        }
        theirMonitors.values().forEach(Registration::cancel);
        theirMonitors.clear();
        if (before == State.UP) {
            LOG.info("connection to {} closed: {}", remoteAddress(), reason);
            Peer p = peer;
            Thread.ofVirtual().name("threadwire-down-" + node.address().port()).start(() -> p.channelClosed(this, reason));
        } else {
            LOG.debug("connection {} ({}) closed during the handshake: {}", socketAddress(), role, reason);
            node.handshakeEnded(this);
        }
        established.completeExceptionally(new ChannelClosedException(reason));
    }

    // ---- reading --------------------------------------------------------------------------------

    private void readLoop() {
        reader = Thread.currentThread();
        try {
            for (;;) {
                Object next = inbox.take(null, Mailbox.NO_DEADLINE, () -> { });
                if (next == STOP) {
                    return;
                }
                if (next == DISCONNECTED) {
                    close(violation != null ? violation : "connection closed");
                    return;
                }
                InboundFrame frame = (InboundFrame) next;
                handle(frame);
                long waiting = inboundBytes.addAndGet(-frame.body().length);
                if (waiting < READ_RESUME_BYTES && readGate.isPaused()) {
                    resumeReading();
                }
            }
        } catch (ProtocolException | MalformedMessageException e) {
            LOG.warn("closing the connection with {}: {}", describePeer(), e.getMessage());
            close("protocol violation: " + e.getMessage());
        } catch (Throwable t) {
            LOG.error("closing the connection with {} after an unexpected failure", describePeer(), t);
            close("internal failure: " + t);
        } finally {
            reassembly.clear();
        }
    }

    private String describePeer() {
        NodeAddress a = remoteAddress();
        return a != null && authenticated ? a + " (" + socketAddress() + ")" : socketAddress();
    }

    private void handle(InboundFrame frame) {
        if (frame.type() == FrameSerialization.HANDSHAKE) {
            handshake.onMessage(WireFormat.decodeHandshake(frame.body(), 0, frame.body().length));
            return;
        }
        if (!isUp()) {
            if (isClosed()) {
                return;
            }
            throw new ProtocolException("data before the handshake completed");
        }
        FrameCipher c = cipher;
        byte[] body = c == null ? frame.body() : c.open(frame.body());
        WireReader in = new WireReader(body, 0, body.length);
        while (in.hasRemaining() && !isClosed()) {
            int length = in.readVarInt(body.length);
            Wire.Slice slice = in.slice(length);
            Wire.Item item = WireFormat.decodeItem(slice.bytes(), slice.offset(), slice.length(), node.settings().maxItemBytes());
            byte[] whole = switch (item) {
                case Wire.FragmentStart s -> reassembly.start(s.transferId(), s.totalLength(), s.chunk());
                case Wire.FragmentNext n -> reassembly.next(n.transferId(), n.chunk());
                default -> {
                    node.dispatch(this, item);
                    yield null;
                }
            };
            if (whole != null) {
                Wire.Item reassembled = WireFormat.decodeItem(whole, 0, whole.length, node.settings().maxItemBytes());
                if (reassembled instanceof Wire.FragmentStart || reassembled instanceof Wire.FragmentNext) {
                    throw new ProtocolException("a fragment inside a fragment");
                }
                node.dispatch(this, reassembled);
            }
        }
    }

    // ---- sending ---------------------------------------------------------------------------------

    /** What became of a message handed to {@link #sendData}. */
    enum Outcome { QUEUED, CLOSED, TIMED_OUT }

    /**
     * Queues an application item (a {@code Send} or {@code Reply}), waiting until {@code deadline}
     * while the outbound queue is full. An item too big for one frame is cut into fragments,
     * each queued while the queue is at most half full, so that other senders' messages and
     * heartbeats pass between them; the caller's next item can only follow the last fragment.
     */
    Outcome sendData(byte[] item, long deadline) throws InterruptedException {
        int maxPiece = node.settings().maxFrameItemBytes();
        if (item.length <= maxPiece) {
            return queue(item, budget.limit(), deadline);
        }
        long id = transferIds.incrementAndGet();
        int piece = maxPiece - 16; // room for the fragment header
        for (int offset = 0; offset < item.length; offset += piece) {
            int n = Math.min(piece, item.length - offset);
            byte[] fragment = offset == 0
                    ? WireFormat.fragmentStart(id, item.length, item, 0, n)
                    : WireFormat.fragmentNext(id, item, offset, n);
            Outcome o = queue(fragment, budget.limit() / 2, deadline);
            if (o != Outcome.QUEUED) {
                return o; // the fragments already queued are lost with the connection, or the transfer is abandoned
            }
        }
        return Outcome.QUEUED;
    }

    private Outcome queue(byte[] item, long threshold, long deadline) throws InterruptedException {
        if (isClosed()) {
            return Outcome.CLOSED;
        }
        if (!budget.acquire(item.length + ITEM_OVERHEAD, threshold, deadline, () -> !isClosed())) {
            return isClosed() ? Outcome.CLOSED : Outcome.TIMED_OUT;
        }
        outbox.put(item);
        return Outcome.QUEUED;
    }

    /**
     * Queues a small protocol item. Never waits, except on the reader thread: what the reader
     * sends answers what the peer asked (a monitor of a missing thread, say), and a peer that
     * asks without reading the answers must be slowed down, not buffered for. The reader then
     * waits for room like a sender; past the send timeout the peer is cut off.
     */
    void sendControl(byte[] item) {
        if (isClosed()) {
            return;
        }
        if (Thread.currentThread() == reader) {
            boolean queued;
            try {
                queued = budget.acquire(item.length + ITEM_OVERHEAD, budget.limit(), System.nanoTime()
                        + node.settings().sendTimeoutNanos(), () -> !isClosed() && !peerGone);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                queued = false;
            }
            if (!queued) {
                if (!peerGone) {
                    close("the peer does not read what it asked for");
                }
                return; // if the peer is gone, the reader closes the channel at the end of its frames
            }
        } else {
            budget.force(item.length + ITEM_OVERHEAD);
        }
        outbox.put(item);
    }

    private void writeLoop() {
        Settings settings = node.settings();
        int maxBody = settings.maxFrameBodyBytes();
        long heartbeatNanos = settings.heartbeatIntervalNanos();
        OutboundFrame frame = new OutboundFrame();
        Object carry = null;
        boolean nudged = true;
        try {
            while (!isClosed()) {
                Object first = carry;
                carry = null;
                if (first == null) {
                    if (!nudged && !outbox.hasMessages() && connection.getTcpWriteBufferSize() > 0) {
                        // KryoNet left bytes for its selector to flush; a queued frame wakes it to notice
                        connection.sendTCP(FrameworkMessage.keepAlive);
                        nudged = true;
                    }
                    first = outbox.take(null, lastSent + heartbeatNanos, () -> { });
                }
                if (first == STOP) {
                    return;
                }
                frame.clear();
                frame.add(first == Mailbox.TIMED_OUT ? WireFormat.HEARTBEAT_ITEM : (byte[]) first);
                long counted = first == Mailbox.TIMED_OUT ? 0 : ((byte[]) first).length + ITEM_OVERHEAD;
                while (frame.bodyBytes() < maxBody) {
                    Object next = outbox.tryTake();
                    if (next == null) {
                        break;
                    }
                    if (next == STOP) {
                        carry = STOP;
                        break;
                    }
                    byte[] item = (byte[]) next;
                    if (frame.bodyBytes() + OutboundFrame.sizeOf(item) > maxBody) {
                        carry = item;
                        break;
                    }
                    frame.add(item);
                    counted += item.length + ITEM_OVERHEAD;
                }
                if (!awaitRoom(frame.bodyBytes() + OutboundFrame.OVERHEAD + 4)) {
                    return;
                }
                if (connection.sendTCP(frame) == 0) {
                    close("the connection failed while sending");
                    return;
                }
                if (readGate.isPaused()) {
                    readGate.reapply(); // a partial write sets KryoNet's interest back to read-and-write
                }
                nudged = false;
                lastSent = System.nanoTime();
                budget.release(counted);
            }
        } catch (Throwable t) {
            LOG.error("the writer to {} failed", describePeer(), t);
            close("writer failure: " + t);
        }
    }

    /** Waits until KryoNet's write buffer can take {@code bytes} more; false if the channel closed. */
    private boolean awaitRoom(int bytes) {
        int capacity = node.settings().writeBufferBytes();
        while (!isClosed() && !peerGone) {
            if (connection.getTcpWriteBufferSize() + bytes + WRITE_RESERVE <= capacity) {
                return true;
            }
            roomWaiter = Thread.currentThread();
            try {
                if (connection.getTcpWriteBufferSize() + bytes + WRITE_RESERVE > capacity && !isClosed()) {
                    LockSupport.parkNanos(this, 1_000_000); // woken by writeBufferIdle; the timeout is a safety net
                }
            } finally {
                roomWaiter = null;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Channel[" + role + " " + describePeer() + " " + state.get() + "]";
    }
}
