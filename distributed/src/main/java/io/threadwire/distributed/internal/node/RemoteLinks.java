package io.threadwire.distributed.internal.node;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Registration;
import io.threadwire.distributed.internal.link.PeerBudget;
import io.threadwire.distributed.internal.link.PeerLink;
import io.threadwire.distributed.internal.wire.ItemCodec;
import io.threadwire.distributed.internal.wire.Wire;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Links between threads of this node and threads of others. Each side watches the other: the
 * linking side watches its partner and tells the partner's node ({@code Link}), which watches
 * the linker back ({@code Monitor}); a failure seen by either watch is raised in the local
 * thread. Tables: the links this node's threads made ({@link #outLinks}) and the links other
 * nodes' threads made to this node's threads ({@link #inLinks}), for unlink.
 */
final class RemoteLinks {
    /** A link between a thread of this node and a thread of another, as each side files it. */
    private record LinkKey(NodeAddress remoteNode, long remoteId, String remoteName, long localId) {
    }

    private final Map<LinkKey, Registration> outLinks = new ConcurrentHashMap<>();
    private final Map<LinkKey, InLink> inLinks = new ConcurrentHashMap<>();

    /** {@code local} links with {@code remote}, a thread of {@code peer}'s node. */
    void link(LocalThread local, RemoteThread remote, Wire.Target remoteTarget, PeerLink peer) {
        LinkKey key = key(peer.address(), remote, local.id());
        Registration watch = peer.watch(remote, remoteTarget, (who, reason) -> {
            outLinks.remove(key);
            if (!reason.isNormal()) {
                LocalThreads.linkedFailure(local, remote, reason);
            }
        });
        Registration onLocalExit = LocalThreads.onExit(local, (t, reason) -> {
            outLinks.remove(key);
            watch.cancel(); // the other node learns of this end through its own watch
        });
        Registration both = () -> {
            boolean a = watch.cancel();
            if (onLocalExit != null) {
                onLocalExit.cancel();
            }
            return a;
        };
        Registration previous = outLinks.put(key, both);
        if (previous != null) {
            previous.cancel();
        }
        peer.sendControl(ItemCodec.link(local.id(), remoteTarget));
    }

    /** {@code local} unlinks from {@code remote}, a thread of {@code peer}'s node. */
    void unlink(LocalThread local, RemoteThread remote, Wire.Target remoteTarget, PeerLink peer) {
        Registration r = outLinks.remove(key(peer.address(), remote, local.id()));
        if (r != null) {
            r.cancel();
            peer.sendControlIfUp(ItemCodec.unlink(local.id(), remoteTarget));
        }
    }

    /**
     * Thread {@code fromId} of {@code peer}'s node (incarnation {@code peerIncarnation}) linked
     * with {@code target}: watch it back, and raise its failure in the target. Each such link is
     * charged to the peer's budget ({@link PeerBudget#LINK_COST}) until it goes; false, and
     * nothing kept, if the peer is over budget (its connection is being closed).
     */
    boolean linkedFrom(PeerLink peer, long peerIncarnation, long fromId, LocalThread target) {
        PeerBudget budget = peer.budget();
        if (!budget.charge("a link", PeerBudget.LINK_COST)) {
            return false;
        }
        RemoteThread.ById partner = new RemoteThread.ById(peer.address(), peerIncarnation, fromId);
        InLink entry = new InLink(new LinkKey(peer.address(), fromId, null, target.id()), budget);
        entry.watch = peer.watch(partner, new Wire.ById(fromId, peerIncarnation), (who, reason) -> {
            entry.forget();
            if (!reason.isNormal()) {
                LocalThreads.linkedFailure(target, partner, reason);
            }
        });
        entry.onTargetExit = LocalThreads.onExit(target, (t, reason) -> {
            entry.forget();
            entry.watch.cancel();
        });
        InLink previous = inLinks.put(entry.key, entry);
        if (previous != null) {
            previous.drop();
        }
        if (entry.ended || entry.onTargetExit == null) { // it ended before it was filed: nobody else removes it
            entry.forget();
            entry.cancel();
        }
        return true;
    }

    /** Thread {@code fromId} of {@code peer}'s node unlinked from {@code targetId} (-1: no such thread). */
    void unlinkedFrom(PeerLink peer, long fromId, long targetId) {
        InLink r = inLinks.get(new LinkKey(peer.address(), fromId, null, targetId));
        if (r != null) {
            r.drop();
        }
    }

    /**
     * A link another node's thread made with a thread of this node: filed until either end goes
     * or it is unlinked; whoever removes it from the table gives its charge back, once.
     */
    private final class InLink implements Registration {
        final LinkKey key;
        final PeerBudget budget;
        volatile Registration watch;
        volatile Registration onTargetExit;
        volatile boolean ended;

        InLink(LinkKey key, PeerBudget budget) {
            this.key = key;
            this.budget = budget;
        }

        /** Removes it from the table if it is there; gives its charge back if this call removed it. */
        void forget() {
            ended = true;
            if (inLinks.remove(key, this)) {
                budget.release(PeerBudget.LINK_COST);
            }
        }

        /** Removes it and stops its watch and hook. */
        void drop() {
            forget();
            cancel();
        }

        @Override
        public boolean cancel() {
            Registration exit = onTargetExit;
            if (exit != null) {
                exit.cancel();
            }
            Registration w = watch;
            return w != null && w.cancel();
        }
    }

    private static LinkKey key(NodeAddress node, RemoteThread remote, long localId) {
        return switch (remote) {
            case RemoteThread.ById byId -> new LinkKey(node, byId.id(), null, localId);
            case RemoteThread.Named named -> new LinkKey(node, -1, named.name(), localId);
        };
    }
}
