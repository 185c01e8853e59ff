package io.threadwire.distributed.internal.node;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Registration;
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
    private final Map<LinkKey, Registration> inLinks = new ConcurrentHashMap<>();

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
     * with {@code target}: watch it back, and raise its failure in the target.
     */
    void linkedFrom(PeerLink peer, long peerIncarnation, long fromId, LocalThread target) {
        RemoteThread.ById partner = new RemoteThread.ById(peer.address(), peerIncarnation, fromId);
        LinkKey key = new LinkKey(peer.address(), fromId, null, target.id());
        Registration watch = peer.watch(partner, new Wire.ById(fromId, peerIncarnation), (who, reason) -> {
            inLinks.remove(key);
            if (!reason.isNormal()) {
                LocalThreads.linkedFailure(target, partner, reason);
            }
        });
        Registration onTargetExit = LocalThreads.onExit(target, (t, reason) -> {
            inLinks.remove(key);
            watch.cancel();
        });
        Registration previous = inLinks.put(key, () -> {
            if (onTargetExit != null) {
                onTargetExit.cancel();
            }
            return watch.cancel();
        });
        if (previous != null) {
            previous.cancel();
        }
    }

    /** Thread {@code fromId} of {@code peer}'s node unlinked from {@code targetId} (-1: no such thread). */
    void unlinkedFrom(PeerLink peer, long fromId, long targetId) {
        Registration r = inLinks.remove(new LinkKey(peer.address(), fromId, null, targetId));
        if (r != null) {
            r.cancel();
        }
    }

    private static LinkKey key(NodeAddress node, RemoteThread remote, long localId) {
        return switch (remote) {
            case RemoteThread.ById byId -> new LinkKey(node, byId.id(), null, localId);
            case RemoteThread.Named named -> new LinkKey(node, -1, named.name(), localId);
        };
    }
}
