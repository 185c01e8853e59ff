package io.threadwire.distributed.internal.node;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.link.Channel;
import io.threadwire.distributed.internal.link.PeerLink;
import io.threadwire.distributed.internal.security.HandshakeChannel.Verdict;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of two connections between the same two nodes is kept, so that exactly one comes up
 * and none replaces another that is whole (the replaced one would take what was in flight on it
 * along). The rules, in the manner of Erlang's {@code net_kernel}:
 * <ul>
 *   <li>Both nodes dial at once: the dial of the node whose address (then incarnation) sorts
 *       first wins; the other node's is refused as a duplicate, and its attempt waits for the
 *       winner instead ({@link #againstDialing}).</li>
 *   <li>A node never dials a node whose connection it accepted and has not settled: it waits
 *       for that one ({@link #awaitAccepted}); the accept and the start of an attempt exclude
 *       each other under the slot's lock, so the tie-break always sees one or the other.</li>
 *   <li>One accepted connection per node at a time ({@link #claim}).</li>
 *   <li>A node that dials while a connection with it is up is taken only if that one no longer
 *       answers ({@link #againstUp}): it lost its end, or it restarted.</li>
 * </ul>
 */
final class TieBreak {
    private static final Logger LOG = LoggerFactory.getLogger(TieBreak.class);

    private final NodeAddress address;
    private final long incarnation;
    private final long handshakeTimeoutNanos;
    private final Peers peers;
    private final Predicate<NodeAddress> dialing; // whether a dial of this node to that node is in its handshake
    private final Map<NodeAddress, Channel> accepted = new ConcurrentHashMap<>(); // the last accepted, by peer

    TieBreak(NodeAddress address, long incarnation, long handshakeTimeoutNanos, Peers peers,
             Predicate<NodeAddress> dialing) {
        this.address = address;
        this.incarnation = incarnation;
        this.handshakeTimeoutNanos = handshakeTimeoutNanos;
        this.peers = peers;
        this.dialing = dialing;
    }

    /**
     * A connection from node {@code r} while no connection with it is up; call under the slot's
     * lock ({@link PeerLink#atomically}). Refused as a duplicate if this node is dialing it too
     * and its dial wins; else null (no objection).
     */
    Verdict againstDialing(PeerLink p, NodeAddress r, long remoteIncarnation) {
        if (thisDialWins(r, remoteIncarnation) && (p.isConnecting() || dialing.test(r))) {
            return Verdict.duplicate("this node is dialing that node, and its connection wins");
        }
        return null;
    }

    /**
     * A connection from node {@code r} while {@code existing} is up with it; may block (a probe
     * of the connection up, for half the handshake timeout at most). Null: no objection (it
     * replaces the one up when it is attached).
     */
    Verdict againstUp(PeerLink p, Channel existing, NodeAddress r, long remoteIncarnation) {
        if (existing.role() == Channel.Role.DIALED && thisDialWins(r, remoteIncarnation)
                && existing.remote().incarnation() == remoteIncarnation) {
            return Verdict.duplicate("a connection between these nodes exists"); // both dialed at once: ours wins
        }
        // The node dials while a connection with it is up: it would not unless it lost its end
        // (or restarted). Taken only if the connection up no longer answers; otherwise whoever
        // dials is not the node at the other end of it.
        if (answers(p, existing)) {
            LOG.debug("refused a second connection claiming to be {}: the one up still answers", r);
            return Verdict.duplicate("a connection with node " + r + " is up and answering");
        }
        return null;
    }

    /**
     * Takes {@code channel} as the one connection accepted from {@code r}, unless another accepted
     * from it is still open and is not the one the caller saw up ({@code seen}, or none): two of
     * the node's dials (one made before a loss and still in its handshake, one after) may be
     * decided at once, each finding no connection up, and the second to attach would close the
     * first, firing every monitor on it although the node never became unreachable. Null if
     * another is coming up: the caller decides again once it is up or closed
     * ({@link #awaitAccepted}).
     */
    Verdict claim(NodeAddress r, Channel channel, Channel seen) {
        Channel held = accepted.compute(r, (k, c) -> c == null || c.isClosed() || c == seen ? channel : c);
        return held == channel ? Verdict.ACCEPT : null;
    }

    /**
     * Waits, at most until {@code deadline}, until the connection last accepted from {@code r}
     * is up or has closed; true if a connection with {@code r} is up then. See
     * {@link io.threadwire.distributed.internal.link.Dialer#awaitAccepted}.
     */
    boolean awaitAccepted(NodeAddress r, long deadline) throws InterruptedException {
        Channel held = accepted.get(r);
        PeerLink p = held == null || held.isClosed() ? null : peers.existing(r);
        if (p == null) {
            return false;
        }
        p.awaitSettled(held, deadline);
        return p.channel() != null;
    }

    /** {@code channel}, accepted from {@code r}, has closed or was abandoned. */
    void forget(NodeAddress r, Channel channel) {
        accepted.remove(r, channel);
    }

    private boolean thisDialWins(NodeAddress r, long remoteIncarnation) {
        int c = address.toString().compareTo(r.toString());
        return (c != 0 ? c : Long.compare(incarnation, remoteIncarnation)) < 0;
    }

    private boolean answers(PeerLink p, Channel existing) {
        try {
            return p.answers(existing, System.nanoTime() + handshakeTimeoutNanos / 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
