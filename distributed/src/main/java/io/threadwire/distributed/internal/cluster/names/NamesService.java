package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NoSuchThreadException;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.GlobalNameLost;
import io.threadwire.distributed.internal.cluster.Reply;
import io.threadwire.distributed.internal.cluster.Service;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Entry;
import io.threadwire.distributed.internal.node.ClusterPort;
import io.threadwire.distributed.internal.node.PeerEvent;
import io.threadwire.distributed.internal.node.PeerInfo;
import io.threadwire.distributed.internal.node.ServiceMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global-names service ({@code threadwire.names}), Erlang's {@code global}: names unique
 * across the connected cluster. A name's home is the node of its thread, which registers it
 * ({@link Registrations}) and alone adds, removes and announces it ({@link OwnNames}), so that
 * every fact about a name reaches a peer from one sender over one ordered connection. This node
 * also takes part in others' registrations ({@link NamesParticipant}): it grants locks on names
 * ({@link LockGrants}), records commits and announcements ({@link NameTable}), and where two
 * homes hold one name (a partition healed) it shows the older claim and makes the loser's home
 * give the name up, telling the losing thread ({@link Conflicts}, {@link GlobalNameLost}).
 */
public final class NamesService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(NamesService.class);
    static final int PROTOCOL = 1;
    /** Longest global name, in characters. */
    public static final int MAX_NAME = 255;

    private final ClusterPort port;
    private final String service;
    private final ClusterLimits limits;
    private final NameTable table;
    private final NamesPeers peers;
    private final OwnNames own;
    private final LockGrants grants;
    private final Conflicts conflicts;
    private final Registrations registrations;
    private final Map<Long, Reply> unregistering = new HashMap<>();
    private final Map<Long, NodeAddress> unregisteringAt = new HashMap<>();
    private long nextUnregister;

    public NamesService(ClusterPort port, String service, NameViews views) {
        this.port = port;
        this.service = service;
        this.limits = port.config().clusterLimits();
        this.table = new NameTable(views);
        this.peers = new NamesPeers(port, service);
        this.own = new OwnNames(table, peers);
        this.grants = new LockGrants(table, peers);
        this.conflicts = new Conflicts(table, own, peers);
        this.registrations = new Registrations(peers, table, own, grants, registrationTimeout(port),
                limits.maxRegistrationsInFlight(), limits.maxGlobalNames());
    }

    /** How long a registration may keep retrying while the cluster changes. */
    public static Duration registrationTimeout(ClusterPort port) {
        return port.config().heartbeat().timeout().multipliedBy(2).plus(port.config().timeouts().connect());
    }

    @Override
    public void start() {
        LocalThread me = Messaging.self();
        peers.attach(me);
        for (PeerInfo p : port.subscribe(me).up()) {
            peerUp(p);
        }
    }

    @Override
    public void handle(Object message) {
        switch (message) {
            case NamesRequests.Register r -> register(r);
            case NamesRequests.Unregister u -> unregister(u);
            case NamesRequests.Exited e -> own.exited(e.thread());
            case NamesRequests.Retry r -> registrations.retry(r.reqId());
            case NamesRequests.Expire e -> registrations.expire(e.id());
            case PeerEvent.PeerUp u -> peerUp(u.peer());
            case PeerEvent.PeerDown d -> peerDown(d.peer());
            case ServiceMessage(PeerInfo from, NamesProtocol m) -> fromNode(from, m);
            default -> LOG.debug("{}: ignored {}", service, message.getClass().getName());
        }
    }

    // ---- this node's threads ------------------------------------------------------------------

    private void register(NamesRequests.Register r) {
        if (LocalThreads.exitReason(r.thread()) != null) {
            throw new NoSuchThreadException(r.thread(), r.thread() + " has ended: it cannot hold global name '"
                    + r.name() + "'");
        }
        own.settleEnded(r.name());
        Entry holder = table.winner(r.name());
        if (holder != null) {
            r.reply().complete(holder.thread().equals(r.thread()));
            return;
        }
        int mayHold = table.ownCount() + registrations.pendingWith(r.name()); // those under way may all succeed
        if (mayHold > limits.maxGlobalNames()) {
            throw limitReached(mayHold - 1);
        }
        registrations.start(new Registration(r.name(), r.thread(), r.reply(),
                System.nanoTime() + registrationTimeout(port).toNanos()));
    }

    /** The failure of a registration past {@code maxGlobalNames}: peers with the same limits would cut this node off. */
    static IllegalStateException limitReached(int held) {
        return new IllegalStateException("this node's threads hold or are registering " + held + " global names, the"
                + " limit (ClusterLimits.maxGlobalNames); unregister some first, or raise it on every node");
    }

    /** Frees a name: here if this node is its home, else by asking its home. */
    private void unregister(NamesRequests.Unregister u) {
        Entry holder = table.winner(u.name());
        if (holder == null) {
            u.reply().complete(false);
        } else if (table.own(u.name()) == holder) {
            own.drop(u.name(), null);
            u.reply().complete(true);
        } else {
            NodeAddress home = table.peerHome(holder);
            PeerInfo at = home == null ? null : peers.up(home);
            if (at == null) {
                u.reply().complete(false);
                return;
            }
            long id = ++nextUnregister;
            unregistering.put(id, u.reply());
            unregisteringAt.put(id, home);
            peers.send(Party.of(at), new NamesProtocol.Unregister(id, u.name()));
        }
    }

    // ---- peers --------------------------------------------------------------------------------

    private void peerUp(PeerInfo p) {
        if (p.hidden()) {
            return;
        }
        PeerInfo known = peers.up(p.address());
        if (known != null && known.incarnation() == p.incarnation()) {
            return; // its Sync overtook this PeerUp, and made it up already: one Sync each way per connection
        }
        if (known != null) {
            peerDown(known);
        }
        peers.add(p);
        table.peerState(p.address(), p.incarnation());
        peers.send(p.address(), new NamesProtocol.Sync(PROTOCOL, table.ownEntries()));
    }

    private void peerDown(PeerInfo p) {
        PeerInfo known = peers.up(p.address());
        if (known == null || known.incarnation() != p.incarnation()) {
            return;
        }
        peers.remove(p.address());
        Party gone = Party.of(p);
        NameTable.PeerNames names = table.peer(p.address());
        if (names != null && names.incarnation == p.incarnation()) {
            table.dropPeer(p.address());
        }
        for (String name : grants.locks.dropParty(gone)) {
            grants.grantNext(name);
        }
        registrations.peerLost(gone);
        for (var it = unregisteringAt.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().equals(p.address())) {
                it.remove();
                unregistering.remove(e.getKey()).complete(false); // its names went with it
            }
        }
    }

    private void fromNode(PeerInfo from, NamesProtocol m) {
        Party self = peers.self();
        boolean fromSelf = from.address().equals(self.address()) && from.incarnation() == self.incarnation();
        if (!fromSelf && from.hidden()) {
            return;
        }
        if (!fromSelf && !peers.isUp(Party.of(from))) {
            // A connection's loss reaches this thread after its last message and before any of the
            // next connection's: a peer not up is one whose messages overtook its PeerUp.
            peerUp(from);
        }
        NamesParticipant.handle(this, Party.of(from), fromSelf, m);
    }

    // ---- what NamesParticipant needs -------------------------------------------------------------

    NameTable table() {
        return table;
    }

    NamesPeers peers() {
        return peers;
    }

    OwnNames own() {
        return own;
    }

    LockGrants grants() {
        return grants;
    }

    Conflicts conflicts() {
        return conflicts;
    }

    Registrations registrations() {
        return registrations;
    }

    ClusterLimits limits() {
        return limits;
    }

    /** Whether an address names {@code peer}: as it calls itself (a host name, say), or as this node files it. */
    Predicate<NodeAddress> ofPeer(Party peer) {
        return node -> port.isOfPeer(node, peer.address());
    }

    /** A peer asks this node, the home of {@code u.name()}, to free it. */
    void unregisterAtHome(Party from, NamesProtocol.Unregister u) {
        Entry e = own.drop(u.name(), null);
        peers.send(from, new NamesProtocol.UnregisterDone(u.reqId(), e != null));
    }

    /**
     * A name's home answered this node's request to free it. Only the node asked may answer: an
     * answer from any other is dropped, or a third node could make {@code unregister} say a name
     * was freed while its home still holds it.
     */
    void unregisterDone(Party from, NamesProtocol.UnregisterDone d) {
        NodeAddress asked = unregisteringAt.get(d.reqId());
        if (asked == null || !asked.equals(from.address())) {
            LOG.debug("node {}: dropped an UnregisterDone from {} for a request it was not asked ({})", port.address(),
                    from.address(), asked == null ? "no such request" : "asked " + asked);
            return;
        }
        unregisteringAt.remove(d.reqId());
        unregistering.remove(d.reqId()).complete(d.freed());
    }
}
