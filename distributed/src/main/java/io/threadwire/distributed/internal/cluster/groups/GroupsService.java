package io.threadwire.distributed.internal.cluster.groups;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NoSuchThreadException;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
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
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups service ({@code threadwire.groups}), Erlang's {@code pg}: each node is the only
 * authority on its own threads' joins. A join or leave of a local thread changes this node's
 * view at once and is sent to every peer ({@link GroupsProtocol.Join}/{@link GroupsProtocol.Leave});
 * a new connection with a member starts with each side sending all its joins
 * ({@link GroupsProtocol.Sync}), which replaces the other's view of it ({@link PeerJoins}); a
 * peer lost takes its joins out of the view. Since everything about a peer's joins comes from
 * that peer over one ordered connection, and a connection's loss is reported after its last
 * message, views converge without anyone joining again.
 *
 * <p>The view is published per group ({@link GroupViews}) in batches ({@link ViewChanges}), and
 * each change is told to the group's monitors in the order the view changed.
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
    private final GroupTable table = new GroupTable();
    private final GroupMonitors monitors = new GroupMonitors();
    private final ViewChanges changes;
    private final PeerJoins peers;
    private LocalThread me;

    public GroupsService(ClusterPort port, String service, GroupViews views) {
        this.port = port;
        this.service = service;
        this.limits = port.config().clusterLimits();
        this.views = views;
        this.changes = new ViewChanges(table, views, monitors);
        this.peers = new PeerJoins(port, table, changes, limits);
    }

    @Override
    public void start() {
        me = Messaging.self();
        changes.attach(me);
        for (PeerInfo p : port.subscribe(me).up()) {
            peerUp(p);
        }
    }

    @Override
    public void handle(Object message) {
        switch (message) {
            case GroupsRequests.Join j -> join(j);
            case GroupsRequests.Leave l -> leave(l);
            case GroupsRequests.Exited e -> exited(e.thread());
            case GroupsRequests.Monitor m -> monitor(m);
            case GroupsRequests.Unmonitor u -> {
                changes.publish(); // what the monitor was due before its end
                u.reply().complete(monitors.remove(u.id()));
            }
            case GroupsRequests.WatcherExited w -> monitors.remove(w.id());
            case ViewChanges.Flush f -> changes.flushDue();
            case PeerEvent.PeerUp u -> peerUp(u.peer());
            case PeerEvent.PeerDown d -> peers.down(d.peer());
            case ServiceMessage(PeerInfo from, GroupsProtocol m) -> peers.message(from, m);
            default -> LOG.debug("{}: ignored {}", service, message.getClass().getName());
        }
    }

    // ---- this node's threads -----------------------------------------------------------------

    private void join(GroupsRequests.Join j) {
        String g = j.group();
        LocalThread t = j.thread();
        if (table.local.total() >= limits.maxGroupMemberships()) {
            throw new IllegalStateException("this node's threads hold " + table.local.total() + " group memberships,"
                    + " the limit (ClusterLimits.maxGroupMemberships); leave some first, or raise it on every node");
        }
        if (!table.local.has(g) && table.local.groups() >= limits.maxGroups()) {
            throw new IllegalStateException("this node's threads are in " + table.local.groups() + " groups, the limit"
                    + " (ClusterLimits.maxGroups); leave some first, or raise it on every node");
        }
        if (LocalThreads.exitReason(t) != null) {
            // Its exit hook may not have told this service yet: a thread that holds joins is
            // watched already, so the hook's registration below would not notice the end.
            throw new NoSuchThreadException(t, t + " has ended: it cannot join group '" + g + "'");
        }
        if (!table.local.watches(t)) {
            Registration hook = LocalThreads.onExit(t, (x, r) -> LocalThreads.deliver(me, new GroupsRequests.Exited(t)));
            if (hook == null) {
                throw new NoSuchThreadException(t, t + " has ended: it cannot join group '" + g + "'");
            }
            table.local.watch(t, hook);
        }
        table.local.add(g, t);
        changes.joined(g, List.of(t));
        broadcast(new GroupsProtocol.Join(g, List.of(t)));
        changes.publish();
        j.reply().complete(null);
    }

    private void leave(GroupsRequests.Leave l) {
        boolean had = table.local.remove(l.group(), l.thread());
        if (had) {
            changes.left(l.group(), List.of(l.thread()));
            broadcast(new GroupsProtocol.Leave(l.group(), List.of(l.thread())));
            changes.publish();
        }
        l.reply().complete(had);
    }

    private void exited(LocalThread t) {
        table.local.removeAll(t).forEach((g, taken) -> {
            changes.left(g, taken);
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
        changes.publish(); // the members it is shown first are the view's now, and every later change follows
        monitors.add(id, m.group(), m.watcher(), onExit);
        LocalThreads.deliver(m.watcher(), new GroupEvent.Members(m.group(), views.members(m.group())));
        m.reply().complete(id);
    }

    // ---- peers --------------------------------------------------------------------------------

    private void peerUp(PeerInfo p) {
        if (p.hidden()) {
            return;
        }
        peers.up(p);
        port.sendIfConnected(RemoteThread.named(p.address(), service),
                new GroupsProtocol.Sync(PROTOCOL, table.local.snapshot()));
    }

    private void broadcast(GroupsProtocol m) {
        for (NodeAddress p : table.peerAddresses()) {
            port.sendIfConnected(RemoteThread.named(p, service), m);
        }
    }
}
