package io.threadwire.distributed.internal.cluster.groups;

import io.threadwire.core.NodeAddress;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.protocol.GroupsProtocol;
import io.threadwire.distributed.internal.logging.RateLimitedWarning;
import io.threadwire.distributed.internal.node.ClusterPort;
import io.threadwire.distributed.internal.node.PeerInfo;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the groups service does with its peers: files a peer that comes up, forgets one that is
 * lost, and applies each peer's groups messages after {@link GroupsChecks} (a peer whose message
 * breaks a limit is forgotten and disconnected). A Sync replaces the peer's joins wholesale and
 * monitors hear the difference. Each message costs in proportion to its own length and to what
 * that peer holds, never to the rest of the cluster. Owned by the groups service's thread.
 */
final class PeerJoins {
    private static final Logger LOG = LoggerFactory.getLogger(PeerJoins.class);
    /** A peer cut off for breaking a limit may have sent more such messages before it is gone: one line now and then. */
    private final RateLimitedWarning brokeLimit = new RateLimitedWarning(LOG);

    private final ClusterPort port;
    private final GroupTable table;
    private final ViewChanges changes;
    private final ClusterLimits limits;

    PeerJoins(ClusterPort port, GroupTable table, ViewChanges changes, ClusterLimits limits) {
        this.port = port;
        this.table = table;
        this.changes = changes;
        this.limits = limits;
    }

    /** A member came up: filed with no joins until its Sync (an older incarnation's joins leave). */
    void up(PeerInfo p) {
        PeerGroups known = table.peer(p.address());
        if (known != null && known.incarnation() != p.incarnation()) {
            drop(p.address());
        }
        if (table.peer(p.address()) == null) {
            table.addPeer(p.address(), new PeerGroups(p.incarnation()));
        }
    }

    /** A peer was lost: its members leave the view, if it is the incarnation known. */
    void down(PeerInfo p) {
        PeerGroups known = table.peer(p.address());
        if (known != null && known.incarnation() == p.incarnation()) {
            drop(p.address());
        }
    }

    void message(PeerInfo from, GroupsProtocol m) {
        if (from.hidden()) {
            return;
        }
        PeerGroups state = table.peer(from.address());
        if (m instanceof GroupsProtocol.Sync sync) {
            String problem = GroupsChecks.sync(sync, from.address(), ofSender(from), limits);
            if (problem != null) {
                violation(from, problem);
                return;
            }
            if (state != null && state.incarnation() != from.incarnation()) {
                drop(from.address());
                state = null;
            }
            replace(from, state, sync);
            return;
        }
        if (state == null || state.incarnation() != from.incarnation()) {
            return; // from a connection since lost: its loss has been (or will be) handled
        }
        switch (m) {
            case GroupsProtocol.Join j -> {
                String problem = GroupsChecks.join(j, from.address(), ofSender(from), state, limits);
                if (problem != null) {
                    violation(from, problem);
                    return;
                }
                table.join(from.address(), state, j.group(), j.threads());
                changes.joined(j.group(), j.threads());
            }
            case GroupsProtocol.Leave l -> {
                String problem = GroupsChecks.leave(l, from.address(), ofSender(from), limits);
                if (problem != null) {
                    violation(from, problem);
                    return;
                }
                changes.left(l.group(), table.leave(from.address(), state, l.group(), l.threads()));
            }
            case GroupsProtocol.Sync s -> throw new AssertionError("handled above");
        }
    }

    /** Whether an address a thread carries names {@code from}, as it calls itself or as this node files it. */
    private Predicate<NodeAddress> ofSender(PeerInfo from) {
        return node -> port.isOfPeer(node, from.address());
    }

    /** A Sync replaces this node's view of the peer wholesale; monitors hear the difference. */
    private void replace(PeerInfo from, PeerGroups old, GroupsProtocol.Sync sync) {
        if (old != null) {
            table.removePeer(from.address());
        }
        PeerGroups fresh = new PeerGroups(from.incarnation());
        table.addPeer(from.address(), fresh);
        sync.groups().forEach((g, threads) -> table.join(from.address(), fresh, g, threads));
        Set<String> touched = new HashSet<>(fresh.joins().groupNames());
        if (old != null) {
            touched.addAll(old.joins().groupNames());
        }
        for (String g : touched) {
            List<ThreadRef> before = old == null ? List.of() : old.joins().members(g);
            List<ThreadRef> after = fresh.joins().members(g);
            if (!before.equals(after)) {
                changes.left(g, Multisets.minus(before, after));
                changes.joined(g, Multisets.minus(after, before));
            }
        }
    }

    /** Forgets a peer's joins: its members leave this node's view. */
    private void drop(NodeAddress peer) {
        PeerGroups gone = table.removePeer(peer);
        for (String g : gone.joins().groupNames()) {
            changes.left(g, gone.joins().members(g));
        }
    }

    private void violation(PeerInfo from, String problem) {
        brokeLimit.warn("node {}: {} broke a cluster limit: {}; disconnecting it. Give every node the same ClusterLimits",
                port.address(), from.address(), problem);
        PeerGroups state = table.peer(from.address());
        if (state != null && state.incarnation() == from.incarnation()) {
            drop(from.address());
        }
        port.disconnect(from, problem);
    }
}
