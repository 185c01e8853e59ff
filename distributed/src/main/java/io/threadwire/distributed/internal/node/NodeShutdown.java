package io.threadwire.distributed.internal.node;

import io.threadwire.core.ExitReason;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Transport;
import io.threadwire.core.spi.Transports;
import io.threadwire.distributed.internal.link.Channel;
import io.threadwire.distributed.internal.link.PeerLink;
import io.threadwire.distributed.internal.transport.EndpointLoop;
import io.threadwire.distributed.internal.transport.FaultGate;
import io.threadwire.distributed.internal.wire.ItemCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node ends, once, in one of two ways: {@link #close} (orderly: threads stopped, goodbyes
 * said, queues flushed) or {@link #crash} (a test's {@code SIGKILL}: connections reset, threads
 * killed). The parts stop in the reverse order of their making; each step waits a bounded time.
 */
final class NodeShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(NodeShutdown.class);
    private static final long CLOSE_THREADS_SECONDS = 5;
    private static final long CLOSE_FLUSH_SECONDS = 2;
    /** Why the threads of a crashed node end, as Erlang's {@code kill} ends a process. */
    private static final ExitReason KILLED = ExitReason.of("killed");

    private final NodeAddress address;
    private final Transport self;
    private final FaultGate gate;
    private final Exports exports;
    private final Peers peers;
    private final Admission admission;
    private final NodeDialer dialer;
    private final FailureDetector detector;
    private final EndpointLoop serverLoop;
    private final AtomicBoolean ending = new AtomicBoolean(); // close or crash has begun
    private volatile boolean closed;

    /** @param self the node as core sees it: the owner of the node's threads */
    NodeShutdown(NodeAddress address, Transport self, FaultGate gate, Exports exports, Peers peers, Admission admission,
                 NodeDialer dialer, FailureDetector detector, EndpointLoop serverLoop) {
        this.address = address;
        this.self = self;
        this.gate = gate;
        this.exports = exports;
        this.peers = peers;
        this.admission = admission;
        this.dialer = dialer;
        this.detector = detector;
        this.serverLoop = serverLoop;
    }

    /** Whether the node has begun to close or crash: what fails from now on may be its ending. */
    boolean isEnding() {
        return ending.get();
    }

    /** Whether the node is closed (or crashed): it takes no more work. */
    boolean isClosed() {
        return closed;
    }

    /**
     * Closes the node: stops its threads (their monitors fire with {@code shutdown}), lets the
     * connections being made come up (what was kept for them leaves on them), says goodbye to its
     * peers and waits for them to close their end, closes every connection and the server. Waits
     * a bounded time for each step.
     *
     * @param self the node as core sees it, no longer the JVM's default
     */
    void close(Transport self) {
        if (!ending.compareAndSet(false, true)) {
            return;
        }
        gate.thaw(); // a frozen node closes as a running one
        Transports.clearDefault(self);
        Transports.stopped(self);
        stopThreads();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_FLUSH_SECONDS);
        for (PeerLink p : peers.all()) { // what was kept for a connection being made leaves on it, if it comes in time
            if (p.isConnecting()) {
                p.awaitConnecting(deadline);
            }
        }
        closed = true;
        admission.close();
        List<Channel> open = new ArrayList<>();
        for (PeerLink p : peers.all()) {
            Channel c = p.channel();
            if (c != null) {
                c.sendControl(ItemCodec.goodbye("node closed"));
                open.add(c);
            }
        }
        for (Channel c : open) {
            awaitPeerLeft(c, deadline);
        }
        for (Channel c : open) {
            c.close("node closed");
        }
        admission.closeFiled("node closed");
        dialer.abortDials("node closed");
        detector.stop();
        serverLoop.stop();
        LOG.info("node {} closed", address);
    }

    /** Ends every thread of this node with {@code shutdown} and waits for them (bounded); the connections stay. */
    void stopThreads() {
        if (!closed) {
            ThreadEnder.endAll(address, exports::owned, LocalThreads::requestStop, CLOSE_THREADS_SECONDS);
        }
    }

    /**
     * A test's {@code SIGKILL}: the network threads stop at their next step and every connection
     * is reset (no goodbye: peers see the node vanish and report {@code noconnection}); then the
     * node's threads are killed, so that nothing of their ends reaches another node.
     */
    void crash() {
        if (!ending.compareAndSet(false, true)) {
            return;
        }
        // The network first: a thread that sees the node closed may end at once, normally, and its
        // end must not reach another node (a peer's link would go quietly, as if the thread had
        // returned, where a killed node's peers see noconnection).
        gate.crash();
        closed = true;
        Transports.clearDefault(self);
        Transports.stopped(self);
        List<Channel> channels = admission.channels();
        admission.close();
        admission.closeFiled("node crashed");
        dialer.abortDials("node crashed");
        for (Channel c : channels) {
            c.stopNetwork(); // its own loop has reset its connection
        }
        detector.stop();
        serverLoop.stop(); // has reset every accepted connection and freed the port
        ThreadEnder.endAll(address, exports::owned, t -> LocalThreads.exit(t, KILLED), CLOSE_THREADS_SECONDS);
        LOG.info("node {} crashed (a test's fault): connections reset, threads killed", address);
    }

    /**
     * Waits, until {@code deadline} at most, for the peer to close the connection on reading the
     * goodbye: it has then taken everything sent before (KryoNet's close does not flush), and it
     * no longer sends into the connection, so once this node's close returns no message of the
     * peer goes out on a connection to it that is going away (a node restarted on the same port
     * gets the next one on a new connection).
     */
    private static void awaitPeerLeft(Channel c, long deadline) {
        while (!c.peerGone() && !c.isClosed() && deadline - System.nanoTime() > 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
