package io.threadwire.distributed.internal.cluster.groups;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NoSuchThreadException;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Registration;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.GroupEvent;
import io.threadwire.distributed.internal.cluster.Service;
import io.threadwire.distributed.internal.cluster.protocol.GroupsProtocol;
import io.threadwire.distributed.internal.node.ClusterPort;
import io.threadwire.distributed.internal.node.PeerEvent;
import io.threadwire.distributed.internal.node.PeerInfo;
import io.threadwire.distributed.internal.node.ServiceMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups service ({@code threadwire.groups}), Erlang's {@code pg}: each node is the only
 * authority on its own threads' joins. A join or leave of a local thread changes this node's
 * view at once and is sent to every peer ({@link GroupsProtocol.Join}/{@link GroupsProtocol.Leave});
 * a new connection with a member starts with each side sending all its joins
 * ({@link GroupsProtocol.Sync}), which replaces the other's view of it; a peer lost takes its
 * joins out of the view. Since everything about a peer's joins comes from that peer over one
 * ordered connection, and a connection's loss is reported after its last message, views
 * converge without anyone joining again.
 *
 * <p>The view is published per group ({@link GroupViews}) after every change, and each change
 * is told to the group's monitors in the order the view changed.
 */
public final class GroupsService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(GroupsService.class);
    static final int PROTOCOL = 1;
    /** Longest group name, in characters. */
    public static final int MAX_NAME = 255;

    private final ClusterPort port;
    private final String service;
    private final ClusterLimits limits;
    private final GroupViews views;
    private final LocalJoins local = new LocalJoins();
    private final Map<NodeAddress, PeerGroups> peers = new LinkedHashMap<>();
    private final GroupMonitors monitors = new GroupMonitors();
    private LocalThread me;

    public GroupsService(ClusterPort port, String service, GroupViews views) {
        this.port = port;
        this.service = service;
        this.limits = port.config().clusterLimits();
        this.views = views;
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
            case GroupsRequests.Join j -> join(j);
            case GroupsRequests.Leave l -> l.reply().complete(leave(l.group(), l.thread()));
            case GroupsRequests.Exited e -> exited(e.thread());
            case GroupsRequests.Monitor m -> monitor(m);
            case GroupsRequests.Unmonitor u -> u.reply().complete(monitors.remove(u.id()));
            case GroupsRequests.WatcherExited w -> monitors.remove(w.id());
            case PeerEvent.PeerUp u -> peerUp(u.peer());
            case PeerEvent.PeerDown d -> peerDown(d.peer());
            case ServiceMessage(PeerInfo from, GroupsProtocol m) -> fromPeer(from, m);
            default -> LOG.debug("{}: ignored {}", service, message.getClass().getName());
        }
    }

    // ---- this node's threads -----------------------------------------------------------------

    private void join(GroupsRequests.Join j) {
        String g = j.group();
        LocalThread t = j.thread();
        if (local.total() >= limits.maxGroupMemberships()) {
            throw new IllegalStateException("this node's threads hold " + local.total() + " group memberships, the"
                    + " limit (ClusterLimits.maxGroupMemberships); leave some first, or raise it on every node");
        }
        if (local.members(g).isEmpty() && local.groups() >= limits.maxGroups()) {
            throw new IllegalStateException("this node's threads are in " + local.groups() + " groups, the limit"
                    + " (ClusterLimits.maxGroups); leave some first, or raise it on every node");
        }
        if (!local.watches(t)) {
            Registration hook = LocalThreads.onExit(t, (x, r) -> LocalThreads.deliver(me, new GroupsRequests.Exited(t)));
            if (hook == null) {
                throw new NoSuchThreadException(t, t + " has ended: it cannot join group '" + g + "'");
            }
            local.watch(t, hook);
        }
        local.add(g, t);
        changed(g);
        monitors.joined(g, List.of(t));
        broadcast(new GroupsProtocol.Join(g, List.of(t)));
        j.reply().complete(null);
    }

    private boolean leave(String g, LocalThread t) {
        if (!local.remove(g, t)) {
            return false;
        }
        changed(g);
        monitors.left(g, List.of(t));
        broadcast(new GroupsProtocol.Leave(g, List.of(t)));
        return true;
    }

    private void exited(LocalThread t) {
        local.removeAll(t).forEach((g, taken) -> {
            changed(g);
            monitors.left(g, taken);
            broadcast(new GroupsProtocol.Leave(g, taken));
        });
    }

    private void monitor(GroupsRequests.Monitor m) {
        if (monitors.size() >= GroupMonitors.MAX) {
            throw new IllegalStateException("this node has " + monitors.size() + " group monitors, the most it keeps;"
                    + " cancel some first");
        }
        long id = monitors.newId();
        Registration onExit = LocalThreads.onExit(m.watcher(),
                (x, r) -> LocalThreads.deliver(me, new GroupsRequests.WatcherExited(id)));
        if (onExit == null) {
            throw new NoSuchThreadException(m.watcher(), m.watcher() + " has ended: it cannot monitor group '" + m.group() + "'");
        }
        monitors.add(id, m.group(), m.watcher(), onExit);
        LocalThreads.deliver(m.watcher(), new GroupEvent.Members(m.group(), views.members(m.group())));
        m.reply().complete(id);
    }

    // ---- peers ------------------------------------------------------------------------------------

    private void peerUp(PeerInfo p) {
        if (p.hidden()) {
            return;
        }
        PeerGroups known = peers.get(p.address());
        if (known != null && known.incarnation != p.incarnation()) {
            drop(p.address());
        }
        peers.computeIfAbsent(p.address(), a -> new PeerGroups(p.incarnation()));
        port.sendIfConnected(RemoteThread.named(p.address(), service), new GroupsProtocol.Sync(PROTOCOL, local.snapshot()));
    }

    private void peerDown(PeerInfo p) {
        PeerGroups known = peers.get(p.address());
        if (known != null && known.incarnation == p.incarnation()) {
            drop(p.address());
        }
    }

    /** Forgets a peer's joins: its members leave this node's view. */
    private void drop(NodeAddress peer) {
        PeerGroups gone = peers.remove(peer);
        for (var e : gone.all().entrySet()) {
            changed(e.getKey());
            monitors.left(e.getKey(), e.getValue());
        }
    }

    private void fromPeer(PeerInfo from, GroupsProtocol m) {
        if (from.hidden()) {
            return;
        }
        PeerGroups state = peers.get(from.address());
        if (m instanceof GroupsProtocol.Sync sync) {
            String problem = GroupsChecks.sync(sync, limits);
            if (problem != null) {
                violation(from, problem);
                return;
            }
            if (state != null && state.incarnation != from.incarnation()) {
                drop(from.address());
                state = null;
            }
            replace(from, state, sync);
            return;
        }
        if (state == null || state.incarnation != from.incarnation()) {
            return; // from a connection since lost: its loss has been (or will be) handled
        }
        switch (m) {
            case GroupsProtocol.Join j -> {
                String problem = GroupsChecks.join(j, state, limits);
                if (problem != null) {
                    violation(from, problem);
                    return;
                }
                state.add(j.group(), j.threads());
                changed(j.group());
                monitors.joined(j.group(), j.threads());
            }
            case GroupsProtocol.Leave l -> {
                List<ThreadRef> removed = state.remove(l.group(), l.threads());
                if (!removed.isEmpty()) {
                    changed(l.group());
                    monitors.left(l.group(), removed);
                }
            }
            case GroupsProtocol.Sync s -> throw new AssertionError("handled above");
        }
    }

    /** A Sync replaces this node's view of the peer wholesale; monitors hear the difference. */
    private void replace(PeerInfo from, PeerGroups old, GroupsProtocol.Sync sync) {
        PeerGroups fresh = new PeerGroups(from.incarnation());
        sync.groups().forEach((g, threads) -> {
            if (!threads.isEmpty()) {
                fresh.add(g, threads);
            }
        });
        peers.put(from.address(), fresh);
        Set<String> touched = new HashSet<>(fresh.all().keySet());
        if (old != null) {
            touched.addAll(old.all().keySet());
        }
        for (String g : touched) {
            List<ThreadRef> before = old == null ? List.of() : old.members(g);
            List<ThreadRef> after = fresh.members(g);
            if (!before.equals(after)) {
                changed(g);
                monitors.left(g, Multisets.minus(before, after));
                monitors.joined(g, Multisets.minus(after, before));
            }
        }
    }

    private void violation(PeerInfo from, String problem) {
        LOG.warn("node {}: {} broke a cluster limit: {}; disconnecting it. Give every node the same ClusterLimits",
                port.address(), from.address(), problem);
        PeerGroups state = peers.get(from.address());
        if (state != null && state.incarnation == from.incarnation()) {
            drop(from.address());
        }
        port.disconnect(from, problem);
    }

    private void broadcast(GroupsProtocol m) {
        for (NodeAddress p : peers.keySet()) {
            port.sendIfConnected(RemoteThread.named(p, service), m);
        }
    }

    /** Publishes the view of {@code group}: this node's joins first, then each peer's. */
    private void changed(String group) {
        List<LocalThread> mine = local.members(group);
        List<ThreadRef> all = new ArrayList<>(mine);
        for (PeerGroups p : peers.values()) {
            all.addAll(p.members(group));
        }
        views.publish(group, all, mine);
    }
}
