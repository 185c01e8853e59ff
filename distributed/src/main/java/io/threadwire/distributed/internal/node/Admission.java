package io.threadwire.distributed.internal.node;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.link.Channel;
import io.threadwire.distributed.internal.link.ChannelContext;
import io.threadwire.distributed.internal.link.ChannelListener;
import io.threadwire.distributed.internal.link.PeerLink;
import io.threadwire.distributed.internal.transport.EndpointLoop;
import io.threadwire.distributed.internal.transport.WireConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which connections this node takes: the connections still in their handshake (bounded; the
 * longest-waiting is evicted for a newcomer), the tie-break between two nodes dialing each other
 * (see {@code Protocol}), the link faults of a test, and the filing of each channel that comes
 * up under the link to its node.
 */
final class Admission implements ChannelListener {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

    private final NodeAddress address;
    private final long incarnation;
    private final int maxPendingHandshakes;
    private final Addresses addresses;
    private final Peers peers;
    private final LinkFilters filters;
    private final Set<Channel> handshaking = ConcurrentHashMap.newKeySet();
    private final Map<Channel, PeerLink> filed = new ConcurrentHashMap<>();
    private final LongAdder lost = new LongAdder();
    private volatile boolean closed;

    Admission(NodeAddress address, long incarnation, int maxPendingHandshakes, Addresses addresses, Peers peers,
              LinkFilters filters) {
        this.address = address;
        this.incarnation = incarnation;
        this.maxPendingHandshakes = maxPendingHandshakes;
        this.addresses = addresses;
        this.peers = peers;
        this.filters = filters;
    }

    // ---- new connections -----------------------------------------------------------------------

    /** The server accepted a connection (network thread): a channel takes it, unless the node is closed. */
    void accepted(WireConnection connection, ChannelContext context, EndpointLoop serverLoop) {
        if (closed) {
            connection.close();
            return;
        }
        if (handshaking.size() >= maxPendingHandshakes) {
            // Evict the longest-waiting unauthenticated connection rather than refuse this one:
            // otherwise a few idle sockets, which need no secret, would lock every new node out.
            Channel oldest = null;
            for (Channel c : handshaking) {
                if (c.role() == Channel.Role.ACCEPTED && (oldest == null || c.openedAt() < oldest.openedAt())) {
                    oldest = c;
                }
            }
            if (oldest != null) {
                LOG.warn("{} connections are waiting to authenticate; closing the oldest, from {}",
                        handshaking.size(), oldest.socketAddress());
                handshaking.remove(oldest);
                oldest.close("evicted: too many connections waiting to authenticate");
            }
        }
        Channel channel = new Channel(context, Channel.Role.ACCEPTED, null, connection, serverLoop, false);
        handshaking.add(channel);
        channel.start();
    }

    /** This node dialed a connection; its handshake starts next. */
    void dialed(Channel channel) {
        handshaking.add(channel);
        if (closed) {
            channel.close("node closed");
        }
    }

    /** Connections still in their handshake (a live view). */
    Set<Channel> handshaking() {
        return handshaking;
    }

    /** The link a channel that came up was filed under, or null. */
    PeerLink linkOf(Channel channel) {
        return filed.get(channel);
    }

    /** Refuses every connection from now on and closes those in their handshake. */
    void close() {
        closed = true;
        for (Channel c : Set.copyOf(handshaking)) {
            c.close("node closed");
        }
    }

    /** Every channel in its handshake or filed (a snapshot). */
    List<Channel> channels() {
        List<Channel> all = new ArrayList<>(handshaking);
        all.addAll(filed.keySet());
        return all;
    }

    /** Closes every channel that came up and is still open (one waiting to succeed a lost one, say). */
    void closeFiled(String reason) {
        for (Channel c : Set.copyOf(filed.keySet())) {
            c.close(reason);
        }
    }

    // ---- ChannelListener ------------------------------------------------------------------------

    @Override
    public boolean mayContinue(Channel channel, NodeAddress remote, long remoteIncarnation) {
        NodeAddress c = addresses.known(remote);
        if (c.equals(address) && remoteIncarnation == incarnation || closed || !filters.of(c).connects()) {
            return false;
        }
        PeerLink p = peers.existing(c);
        return p == null || p.channel() == null;
    }

    @Override
    public boolean mayAccept(Channel channel, NodeAddress remote, long remoteIncarnation) {
        NodeAddress r = addresses.known(remote);
        if (closed || !filters.of(r).connects() || r.equals(address) && remoteIncarnation == incarnation) {
            return false;
        }
        PeerLink p = peers.of(r);
        Channel existing = p.channel();
        boolean thisDialWins = compare(address, incarnation, r, remoteIncarnation) < 0;
        if (existing != null) {
            // Both dialed at once and this node's dial is up already: it wins, as below. Any
            // other channel up is stale (the dialer would not dial if it had it): the new one
            // replaces it when it is attached.
            return !(existing.role() == Channel.Role.DIALED && thisDialWins
                    && existing.remoteIncarnation() == remoteIncarnation);
        }
        return !(p.isConnecting() && thisDialWins);
    }

    private static int compare(NodeAddress a, long ia, NodeAddress b, long ib) {
        int c = a.toString().compareTo(b.toString());
        return c != 0 ? c : Long.compare(ia, ib);
    }

    @Override
    public void established(Channel channel) {
        handshaking.remove(channel);
        NodeAddress remote = addresses.known(channel.remoteAddress());
        PeerLink p;
        if (channel.dialedAddress() == null) {
            p = peers.of(remote);
        } else {
            p = peers.of(channel.dialedAddress());
            if (!p.address().equals(remote)) { // dialed under one address, the node calls itself by another
                LOG.warn("node dialed as {} calls itself {}; set its NodeConfig host to the address other nodes use",
                        p.address(), remote);
                if (!peers.alias(remote, p)) {
                    LOG.debug("{} was known under both addresses; new messages use the connection dialed as {}",
                            remote, p.address());
                }
            }
        }
        filed.put(channel, p);
        // The cut and the attach exclude each other (LinkFilters.attachIfConnected): a cut made
        // after this checks finds the channel attached and closes it; one made before, it is
        // never attached. So a cut node never holds a connection once the cut has returned.
        Boolean successor = closed ? null : filters.attachIfConnected(p.address(), () -> p.attach(channel));
        if (successor == null) {
            channel.close(closed ? "node closed" : "link cut (test hook)");
        } else if (successor) {
            p.awaitInstalled(channel); // its reader hands nothing to the node before it is the channel in use
        }
    }

    /** Connections that came up and were lost while the node was open. */
    long connectionsLost() {
        return lost.sum();
    }

    @Override
    public void closed(Channel channel, String reason) {
        PeerLink p = filed.remove(channel);
        if (p != null) {
            if (!closed) {
                lost.increment();
            }
            p.lost(channel, reason);
        }
    }

    @Override
    public void abandoned(Channel channel) {
        handshaking.remove(channel);
    }
}
