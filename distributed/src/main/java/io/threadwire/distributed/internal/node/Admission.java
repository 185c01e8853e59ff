package io.threadwire.distributed.internal.node;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.link.Channel;
import io.threadwire.distributed.internal.link.ChannelContext;
import io.threadwire.distributed.internal.link.ChannelListener;
import io.threadwire.distributed.internal.link.PeerLink;
import io.threadwire.distributed.internal.link.Settings;
import io.threadwire.distributed.internal.link.SlotRetiredException;
import io.threadwire.distributed.internal.logging.RateLimitedWarning;
import io.threadwire.distributed.internal.security.HandshakeChannel.Verdict;
import io.threadwire.distributed.internal.security.PeerIdentity;
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
 * Which connections this node takes: those in their handshake ({@link PendingHandshakes}), the
 * identity each peer claims ({@link IdentityCheck}), which of two connections between the same
 * nodes is kept ({@link TieBreak}), the cap on connections up, the link faults of a test, and
 * the filing of each channel that comes up under the link to its node.
 */
final class Admission implements ChannelListener {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

    private final RateLimitedWarning refused = new RateLimitedWarning(LOG);
    private final NodeAddress address;
    private final long incarnation;
    private final Settings settings;
    private final Addresses addresses;
    private final Peers peers;
    private final LinkFilters filters;
    private final PendingHandshakes pending;
    private final Map<Channel, PeerLink> filed = new ConcurrentHashMap<>();
    private final TieBreak tieBreak;
    private final Set<Channel> attaching = ConcurrentHashMap.newKeySet(); // out of their handshake, not yet attached
    // The address each accepted channel was decided under (its claim, resolved in mayAccept), until it
    // ends: the cache may resolve the name otherwise later (a late DNS answer, an eviction), and the
    // channel must be filed, and forgotten by the tie-break, under the key the tie-break counted it by
    private final Map<Channel, NodeAddress> acceptedUnder = new ConcurrentHashMap<>();
    private final LongAdder lost = new LongAdder();
    private volatile boolean closed;

    Admission(NodeAddress address, long incarnation, Settings settings, Addresses addresses, Peers peers,
              LinkFilters filters) {
        this.address = address;
        this.incarnation = incarnation;
        this.settings = settings;
        this.addresses = addresses;
        this.peers = peers;
        this.filters = filters;
        this.pending = new PendingHandshakes(settings.maxPendingHandshakes(), settings.maxPendingHandshakesPerAddress());
        this.tieBreak = new TieBreak(address, incarnation, settings.handshakeTimeoutNanos(), peers, this::isDialing);
    }

    // ---- new connections -----------------------------------------------------------------------

    /** The server accepted a connection (network thread): a channel takes it, unless the node is closed. */
    void accepted(WireConnection connection, ChannelContext context, EndpointLoop serverLoop) {
        if (closed) {
            connection.close();
            return;
        }
        Channel channel = new Channel(context, Channel.Role.ACCEPTED, null, connection, serverLoop, false);
        pending.admitAccepted(channel, channel.remote().sourceIp());
        channel.start();
    }

    /** This node dialed a connection; its handshake starts next. */
    void dialed(Channel channel) {
        pending.addDialed(channel);
        if (closed) {
            channel.close("node closed");
        }
    }

    /** Connections still in their handshake (a live view). */
    Set<Channel> handshaking() {
        return pending.all();
    }

    /** The link a channel that came up was filed under, or null. */
    PeerLink linkOf(Channel channel) {
        return filed.get(channel);
    }

    /**
     * Channels out of their handshake that their link has not installed, in words, for a test's
     * failure message: being attached, or filed and waiting to succeed the installed one.
     */
    List<String> describeUninstalled() {
        List<String> lines = new ArrayList<>();
        for (Channel c : attaching) {
            lines.add("being attached: " + c.describe());
        }
        filed.forEach((c, p) -> {
            if (p.channel() != c) {
                lines.add("filed under " + p.address() + ", not installed: " + c.describe());
            }
        });
        return lines;
    }

    /** Refuses every connection from now on and closes those in their handshake. */
    void close() {
        closed = true;
        for (Channel c : Set.copyOf(pending.all())) {
            c.close("node closed");
        }
    }

    /** Every channel in its handshake, being attached or filed (a snapshot). */
    List<Channel> channels() {
        List<Channel> all = new ArrayList<>(pending.all());
        all.addAll(attaching);
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
    public String reasonToStop(Channel channel, PeerIdentity claimed) {
        // A node dialed by its IP address may call itself by a name: resolved, the two must agree
        NodeAddress c = addresses.resolve(claimed.address(), System.nanoTime() + settings.handshakeTimeoutNanos());
        if (addresses.isSelf(c) && claimed.incarnation() == incarnation) {
            if (channel.dialedAddress() != null) {
                addresses.reachedSelf(channel.dialedAddress()); // this node under another name: not dialed again
            }
            return "it is this node itself";
        }
        if (closed) {
            return "the node is closing";
        }
        if (!filters.of(c).connects()) {
            return "link cut (test hook)";
        }
        String problem = IdentityCheck.dialedProblem(channel.dialedAddress(), claimed.address(), c);
        if (problem != null) {
            refused.warn("not connecting: {}", problem);
            return problem;
        }
        if (filed.size() >= settings.maxConnections()) {
            String full = "this node has " + filed.size() + " connections up, its maximum (maxConnections)";
            refused.warn("not connecting to {}: {}", c, full);
            return full;
        }
        PeerLink p = peers.existing(c);
        return p == null || p.channel() == null ? null : "a connection with that node is up already";
    }

    @Override
    public Verdict mayAccept(Channel channel, PeerIdentity claimed) {
        if (closed) {
            return Verdict.denied("the node is closing");
        }
        long deadline = System.nanoTime() + settings.handshakeTimeoutNanos();
        // A name is filed as this node's own sends to it resolve it, or they would go to another
        // link, whose dial the peer refuses while this connection is up: nothing sent there would arrive
        NodeAddress r = addresses.resolve(claimed.address(), deadline);
        acceptedUnder.put(channel, r);
        if (channel.isClosed()) { // closed during the lookup, perhaps before the put: its end forgot nothing
            acceptedUnder.remove(channel);
            return Verdict.denied("the connection closed");
        }
        if (!filters.of(r).connects()) {
            return Verdict.denied("link cut (test hook)");
        }
        if (addresses.isSelf(r) && claimed.incarnation() == incarnation) {
            return Verdict.denied("a node cannot connect to itself");
        }
        String problem = IdentityCheck.acceptedProblem(claimed.address(), r, channel.remote().sourceAddress());
        if (problem != null) {
            refused.warn("refused a connection from {}: {}", channel.socketAddress(), problem);
            return Verdict.denied(problem);
        }
        for (;;) {
            Verdict v = peers.with(r, p -> {
                Channel existing = p.channel();
                if (existing == null) {
                    // Under the slot's lock, as an attempt starts: either the attempt began first
                    // and the tie-break counts it, or the claim did and the attempt waits for this
                    // connection instead of dialing (TieBreak.awaitAccepted)
                    return p.atomically(() -> p.channel() != null ? null : admitFirst(p, r, channel, claimed));
                }
                Verdict objection = tieBreak.againstUp(p, existing, r, claimed.incarnation());
                return objection != null ? objection : tieBreak.claim(r, channel, existing);
            });
            if (v != null) {
                return v;
            }
            // Another connection from the node was accepted and is not up yet: decided again once
            // it is up (then it is the connection up) or has closed, within the handshake timeout
            if (System.nanoTime() - deadline > 0) {
                return Verdict.duplicate("another connection from that node is still coming up");
            }
            try {
                tieBreak.awaitAccepted(r, deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Verdict.denied("interrupted while another connection from that node came up");
            }
        }
    }

    /** Slot's lock held, no connection up with {@code r}: the tie-break, the cap, then the claim. */
    private Verdict admitFirst(PeerLink p, NodeAddress r, Channel channel, PeerIdentity claimed) {
        Verdict objection = tieBreak.againstDialing(p, r, claimed.incarnation());
        if (objection != null) {
            return objection;
        }
        if (filed.size() >= settings.maxConnections()) {
            refused.warn("refused node {}: this node has {} connections up, its maximum (maxConnections)", r,
                    filed.size());
            return Verdict.denied("the node takes no more connections");
        }
        return tieBreak.claim(r, channel, null);
    }

    /** See {@link io.threadwire.distributed.internal.link.Dialer#awaitAccepted}. */
    boolean awaitAccepted(NodeAddress r, long deadline) throws InterruptedException {
        return tieBreak.awaitAccepted(r, deadline);
    }

    /**
     * Whether a connection this node dialed to {@code r} is still in its handshake: a dial goes
     * on after its attempt was settled by another connection (which may be lost since), and the
     * tie-break must count it, or both nodes' dials would come up.
     */
    private boolean isDialing(NodeAddress r) {
        return isDialing(pending.all(), r) || isDialing(attaching, r);
    }

    private boolean isDialing(Set<Channel> channels, NodeAddress r) {
        for (Channel c : channels) {
            if (c.role() == Channel.Role.DIALED && !c.isClosed() && r.equals(addresses.known(c.dialedAddress()))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void established(Channel channel) {
        NodeAddress under = acceptedUnder.get(channel);
        NodeAddress key = channel.dialedAddress() != null ? channel.dialedAddress()
                : under != null ? under : addresses.known(channel.remote().address());
        // Out of the handshakes at once (close() must not close it once it is up: what was kept for
        // it leaves on it), but a dial the tie-break still counts until attached (isDialing).
        attaching.add(channel);
        pending.remove(channel);
        PeerLink successorOf;
        try {
            successorOf = peers.with(key, p -> {
                filed.put(channel, p);
                channel.chargeTo(p.budget());
                // The cut and the attach exclude each other (LinkFilters.attachIfConnected): a cut made
                // after this checks finds the channel attached and closes it; one made before, it is
                // never attached. So a cut node never holds a connection once the cut has returned.
                Boolean successor;
                try {
                    successor = closed ? null : filters.attachIfConnected(p.address(), () -> p.attach(channel));
                } catch (SlotRetiredException retired) {
                    filed.remove(channel, p);
                    throw retired;
                }
                if (successor == null) {
                    channel.close(closed ? "node closed" : "link cut (test hook)");
                }
                // filed even if closed: its reader's end (after this returns) reports the loss and unfiles it
                return Boolean.TRUE.equals(successor) ? p : null;
            });
        } finally {
            attaching.remove(channel);
        }
        if (successorOf != null) {
            successorOf.awaitInstalled(channel); // its reader hands nothing to the node before it is the channel in use
        }
    }

    /** Connections that came up and were lost while the node was open. */
    long connectionsLost() {
        return lost.sum();
    }

    @Override
    public void closed(Channel channel, String reason) {
        PeerLink p = filed.remove(channel);
        forgetAccepted(channel);
        if (p != null) {
            if (!closed) {
                lost.increment();
            }
            p.lost(channel, reason);
        }
    }

    @Override
    public void abandoned(Channel channel) {
        pending.remove(channel);
        forgetAccepted(channel);
    }

    private void forgetAccepted(Channel channel) {
        NodeAddress under = acceptedUnder.remove(channel);
        if (under != null) {
            tieBreak.forget(under, channel);
        }
    }
}
