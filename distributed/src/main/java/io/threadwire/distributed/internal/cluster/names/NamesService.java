package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NoSuchThreadException;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global-names service ({@code threadwire.names}), Erlang's {@code global}: names unique
 * across the connected cluster. A name's home is the node of its thread, which registers it
 * ({@link Registrations}) and alone adds, removes and announces it, so that every fact about a
 * name reaches a peer from one sender over one ordered connection. This node also takes part in
 * others' registrations: it grants locks on names ({@link LockTable}), records commits and
 * announcements ({@link NameTable}), and where two homes hold one name (a partition healed) it
 * shows the older claim and makes the loser's home give the name up, telling the losing thread
 * ({@link GlobalNameLost}).
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
    private final LockTable locks = new LockTable();
    private final Registrations registrations;
    private final Map<NodeAddress, PeerInfo> up = new LinkedHashMap<>();
    private final Map<LocalThread, io.threadwire.core.spi.Registration> exitHooks = new HashMap<>();
    private final Map<Long, Reply> unregistering = new HashMap<>();
    private final Map<Long, NodeAddress> unregisteringAt = new HashMap<>();
    private final Party self;
    private final PeerInfo selfInfo;
    private long nextUnregister;
    private LocalThread me;

    public NamesService(ClusterPort port, String service, NameViews views) {
        this.port = port;
        this.service = service;
        this.limits = port.config().clusterLimits();
        this.table = new NameTable(views);
        this.registrations = new Registrations(this, limits.maxRegistrationsInFlight());
        this.self = new Party(port.address(), port.incarnation());
        this.selfInfo = new PeerInfo(port.address(), port.incarnation(), port.name(), false);
    }

    /** How long a registration may keep retrying while the cluster changes. */
    public static Duration registrationTimeout(ClusterPort port) {
        return port.config().heartbeat().timeout().multipliedBy(2).plus(port.config().timeouts().connect());
    }

    @Override
    public void start() {
        me = Messaging.self();
        for (PeerInfo p : port.subscribe(me).up()) {
            peerUp(p);
        }
    }

    @Override
    public void handle(Object message) {
        switch (message) {
            case NamesRequests.Register r -> register(r);
            case NamesRequests.Unregister u -> unregister(u);
            case NamesRequests.Exited e -> exited(e.thread());
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
        Entry holder = table.winner(r.name());
        if (holder != null) {
            r.reply().complete(holder.thread().equals(r.thread()));
            return;
        }
        if (table.ownCount() >= limits.maxGlobalNames()) {
            throw new IllegalStateException("this node's threads hold " + table.ownCount() + " global names, the limit"
                    + " (ClusterLimits.maxGlobalNames); unregister some first, or raise it on every node");
        }
        registrations.start(new Registration(r.name(), r.thread(), r.reply(),
                System.nanoTime() + registrationTimeout().toNanos()));
    }

    private void unregister(NamesRequests.Unregister u) {
        Entry holder = table.winner(u.name());
        if (holder == null) {
            u.reply().complete(false);
        } else if (table.own(u.name()) == holder) {
            drop(u.name(), null);
            u.reply().complete(true);
        } else {
            NodeAddress home = homeOf(holder);
            PeerInfo at = home == null ? null : up.get(home);
            if (at == null) {
                u.reply().complete(false);
                return;
            }
            long id = ++nextUnregister;
            unregistering.put(id, u.reply());
            unregisteringAt.put(id, home);
            send(Party.of(at), new NamesProtocol.Unregister(id, u.name()));
        }
    }

    private void exited(LocalThread t) {
        exitHooks.remove(t);
        for (String name : table.namesOf(t)) {
            drop(name, null);
        }
    }

    /** Frees this node's {@code name} (with {@code claim}, if given) and tells every peer. */
    private Entry drop(String name, NamesProtocol.Claim claim) {
        Entry e = table.removeOwn(name, claim);
        if (e != null) {
            LocalThread t = (LocalThread) e.thread();
            if (!table.holdsAny(t)) {
                io.threadwire.core.spi.Registration hook = exitHooks.remove(t);
                if (hook != null) {
                    hook.cancel();
                }
            }
            broadcast(new NamesProtocol.Unregistered(name, e.claim()));
        }
        return e;
    }

    // ---- what Registrations needs ----------------------------------------------------------------

    NameTable table() {
        return table;
    }

    LocalThread self() {
        return me;
    }

    Party selfParty() {
        return self;
    }

    NodeAddress address() {
        return port.address();
    }

    long incarnation() {
        return port.incarnation();
    }

    Duration registrationTimeout() {
        return registrationTimeout(port);
    }

    boolean isUp(Party p) {
        PeerInfo i = up.get(p.address());
        return i != null && i.incarnation() == p.incarnation();
    }

    /** This node and every member up, gate first. */
    List<Party> view() {
        List<Party> v = new ArrayList<>();
        v.add(self);
        for (PeerInfo p : up.values()) {
            v.add(Party.of(p));
        }
        v.sort(Party.ORDER);
        return v;
    }

    /** Records {@code entry}, of a thread of this node, watching the thread; false if it has ended. */
    boolean own(Entry entry) {
        LocalThread t = (LocalThread) entry.thread();
        if (!exitHooks.containsKey(t)) {
            io.threadwire.core.spi.Registration hook =
                    LocalThreads.onExit(t, (x, r) -> LocalThreads.deliver(me, new NamesRequests.Exited(t)));
            if (hook == null) {
                return false;
            }
            exitHooks.put(t, hook);
        }
        table.addOwn(entry);
        return true;
    }

    /** Frees this node's lock on {@code name} held by its own registration {@code reqId}. */
    void releaseLocal(String name, long reqId) {
        if (locks.release(name, new LockTable.Holder(self, reqId))) {
            grantNext(name);
        }
    }

    /** Tells the members up now that took no part in a registration (they connected meanwhile). */
    void announceToOthers(List<Party> view, Entry entry) {
        Set<NodeAddress> inView = new HashSet<>();
        view.forEach(p -> inView.add(p.address()));
        for (NodeAddress a : up.keySet()) {
            if (!inView.contains(a)) {
                port.sendIfConnected(RemoteThread.named(a, service), new NamesProtocol.Registered(entry));
            }
        }
    }

    void send(Party to, NamesProtocol m) {
        if (to.equals(self)) {
            LocalThreads.deliver(me, new ServiceMessage(selfInfo, m)); // through the mailbox: one order for all
        } else {
            port.sendIfConnected(RemoteThread.named(to.address(), service), m);
        }
    }

    private void broadcast(NamesProtocol m) {
        for (NodeAddress a : up.keySet()) {
            port.sendIfConnected(RemoteThread.named(a, service), m);
        }
    }

    // ---- peers --------------------------------------------------------------------------------

    private void peerUp(PeerInfo p) {
        if (p.hidden()) {
            return;
        }
        PeerInfo known = up.get(p.address());
        if (known != null && known.incarnation() != p.incarnation()) {
            peerDown(known);
        }
        up.put(p.address(), p);
        table.peerState(p.address(), p.incarnation());
        port.sendIfConnected(RemoteThread.named(p.address(), service), new NamesProtocol.Sync(PROTOCOL, table.ownEntries()));
    }

    private void peerDown(PeerInfo p) {
        PeerInfo known = up.get(p.address());
        if (known == null || known.incarnation() != p.incarnation()) {
            return;
        }
        up.remove(p.address());
        Party gone = Party.of(p);
        NameTable.PeerNames names = table.peer(p.address());
        if (names != null && names.incarnation == p.incarnation()) {
            table.dropPeer(p.address());
        }
        for (String name : locks.dropParty(gone)) {
            grantNext(name);
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
        boolean fromSelf = from.address().equals(self.address()) && from.incarnation() == self.incarnation();
        if (!fromSelf && from.hidden()) {
            return;
        }
        if (!fromSelf && !isUp(Party.of(from))) {
            // A connection's loss reaches this thread after its last message and before any of the
            // next connection's: a peer not up is one whose messages overtook its PeerUp.
            peerUp(from);
        }
        NamesParticipant.handle(this, Party.of(from), fromSelf, m);
    }

    // ---- what NamesParticipant needs -------------------------------------------------------------

    LockTable locks() {
        return locks;
    }

    Registrations registrations() {
        return registrations;
    }

    ClusterLimits limits() {
        return limits;
    }

    /** Grants the lock on {@code name}, free now, to the next in line: Taken if the name has a holder meanwhile. */
    void grantNext(String name) {
        for (LockTable.Holder h = locks.next(name); h != null; h = locks.next(name)) {
            Entry holder = table.winner(name);
            if (holder != null) {
                send(h.party(), new NamesProtocol.Taken(name, h.reqId(), holder));
            } else {
                locks.take(name, h);
                send(h.party(), new NamesProtocol.Locked(name, h.reqId()));
                return;
            }
        }
    }

    /**
     * Where this node's view holds several holders of {@code name}: this node's own loses (and
     * its thread is told) if another's claim is older; for two peers' holders, the loser's home
     * is told.
     */
    void resolve(String name) {
        List<Entry> holders = table.holders(name);
        if (holders.size() < 2) {
            return;
        }
        Entry winner = table.winner(name);
        for (Entry e : holders) {
            if (e == winner) {
                continue;
            }
            if (table.own(name) == e) {
                lose(e, winner);
            } else {
                NodeAddress home = homeOf(e);
                if (home != null && !home.equals(homeOf(winner))) {
                    send(new Party(home, table.peer(home).incarnation), new NamesProtocol.Conflict(name, e.claim(), winner));
                }
            }
        }
    }

    /** This node's {@code mine} lost to {@code winner}'s older claim: freed everywhere, its thread told once. */
    void lose(Entry mine, Entry winner) {
        if (drop(mine.name(), mine.claim()) != null) {
            LOG.info("node {}: global name '{}' of {} lost to the older registration of {}", port.address(),
                    mine.name(), mine.thread(), winner.thread());
            LocalThreads.deliver((LocalThread) mine.thread(), new GlobalNameLost(mine.name(), winner.thread()));
        }
    }

    void unregisterAtHome(Party from, NamesProtocol.Unregister u) {
        Entry e = drop(u.name(), null);
        send(from, new NamesProtocol.UnregisterDone(u.reqId(), e != null));
    }

    void unregisterDone(NamesProtocol.UnregisterDone d) {
        Reply r = unregistering.remove(d.reqId());
        unregisteringAt.remove(d.reqId());
        if (r != null) {
            r.complete(d.freed());
        }
    }

    /** A peer broke a cluster limit: it is cut off, and this node forgets what it had of it. */
    void violation(Party from, String problem) {
        LOG.warn("node {}: {} broke a cluster limit: {}; disconnecting it. Give every node the same ClusterLimits",
                port.address(), from.address(), problem);
        PeerInfo p = up.get(from.address());
        if (p != null) {
            port.disconnect(p, problem);
        }
    }

    /** The node whose table holds {@code e}: this one, or a peer; null if none does. */
    private NodeAddress homeOf(Entry e) {
        if (table.own(e.name()) == e) {
            return self.address();
        }
        for (NodeAddress a : table.peerAddresses()) {
            if (table.peer(a).names.get(e.name()) == e) {
                return a;
            }
        }
        return null;
    }
}
