package io.threadwire.distributed.internal.node;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.spi.ExitHook;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Registration;
import io.threadwire.distributed.ClassNotAdmittedByNodeException;
import io.threadwire.distributed.SendInterruptedException;
import io.threadwire.distributed.internal.link.Channel;
import io.threadwire.distributed.internal.link.DataEncoder;
import io.threadwire.distributed.internal.link.PeerLink;
import io.threadwire.distributed.internal.link.SlotRoute;
import io.threadwire.distributed.internal.link.SendQueue;
import io.threadwire.distributed.internal.link.Settings;
import io.threadwire.distributed.internal.logging.RateLimitedWarning;
import io.threadwire.distributed.internal.wire.ItemCodec;
import io.threadwire.distributed.internal.wire.Wire;
import io.threadwire.serialize.AdmittedTypes;
import io.threadwire.serialize.ClassNotAdmittedException;
import io.threadwire.serialize.MessageCodec;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node's threads do to threads of other nodes: the work behind core's
 * {@code Transport}. Runs on the calling thread: encodes there (so a message that cannot
 * travel fails there, the caller's mistake), then hands the item to the link.
 *
 * <p>The network never makes a send throw: an item for a node being connected to waits for the
 * connection in the link (up to its budget); one that cannot be handed to a connection in time,
 * or that is lost with its connection, is dropped and counted, and the loss reaches the sender
 * through its monitors and links. A peer that does not drain its connection for the send timeout
 * has failed: its connection is closed, which fires every monitor on it.
 */
final class Outbound {
    private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);
    private static final Logger TRACE = LoggerFactory.getLogger("io.threadwire.trace");

    private final Addresses addresses;
    private final Peers peers;
    private final Exports exports;
    private final LocalThreads.Names names;
    private final MessageCodec codec;
    private final Counters counters;
    private final Settings settings;
    private final AdmittedTypes ownTypes;
    private final RateLimitedWarning notAdmitted = new RateLimitedWarning(LOG); // a sender may send many

    Outbound(Addresses addresses, Peers peers, Exports exports, LocalThreads.Names names,
             MessageCodec codec, AdmittedTypes codecTypes, Counters counters, Settings settings) {
        this.addresses = addresses;
        this.peers = peers;
        this.exports = exports;
        this.names = names;
        this.codec = codec;
        this.counters = counters;
        this.settings = settings;
        this.ownTypes = codecTypes;
    }

    void send(RemoteThread to, Object message, LocalThread sender) {
        NodeAddress node = addresses.resolve(to.node());
        Wire.Target target = target(to);
        if (isHere(node)) { // a remote handle that names this very node
            LocalThread t = lookup(target);
            if (t == null) {
                counters.droppedUnknown();
            } else if (!LocalThreads.deliver(t, message)) {
                counters.droppedUndeliverable();
            }
            return;
        }
        byte[] item = ItemCodec.send(codec, target, message);
        if (TRACE.isTraceEnabled()) {
            TRACE.trace("SND {} <- {} ({} bytes) from {}", to, message, item.length, sender);
        }
        if (peers.with(node, p -> sendData(p, item, message, (m, types) -> ItemCodec.send(codec, target, m, types)))
                && !toService(to)) {
            counters.sent();
        }
    }

    /** The thread of this node that {@code to} names now; null if it names another node's, or none. */
    LocalThread localOf(RemoteThread to) {
        return isHere(addresses.resolve(to.node())) ? lookup(target(to)) : null;
    }

    /**
     * Whether {@code node}, resolved, is this node ({@link Addresses#isSelf}). A handle that
     * names this node reaches its thread here, never over a connection to itself (on which a
     * call to itself would fail {@code noconnection} rather than be refused).
     */
    private boolean isHere(NodeAddress node) {
        return addresses.isSelf(node);
    }

    /** A call to a node's own service (ping, whereis, spawn): its node takes it uncounted, so it is sent uncounted too. */
    private static boolean toService(RemoteThread to) {
        return to instanceof RemoteThread.Named named && named.name().startsWith(ClusterPort.RESERVED_PREFIX);
    }

    void reply(RemoteThread to, long tag, Object reply) {
        if (!(to instanceof RemoteThread.ById caller)) {
            throw new IllegalArgumentException("a reply goes to the thread that made the call, not to a name: " + to);
        }
        NodeAddress node = addresses.resolve(caller.node());
        Wire.ById target = new Wire.ById(caller.id(), caller.incarnation());
        if (isHere(node)) {
            LocalThread t = lookup(target);
            if (t != null) {
                LocalThreads.deliverReply(t, tag, reply);
            }
            return;
        }
        byte[] item = ItemCodec.reply(codec, target, tag, reply);
        if (peers.with(node, p -> sendData(p, item, reply, (m, types) -> ItemCodec.reply(codec, target, tag, m, types)))) {
            counters.sent();
        }
    }

    /**
     * Sends to {@code to} only on a connection up now; false if none is up, the message was
     * dropped with its connection, or no room came within the send timeout (then the connection
     * is closed: a cluster service cannot skip a message and stay consistent, so the peer starts
     * over on a new connection). Uncounted: this is the cluster services' own traffic.
     */
    boolean sendIfConnected(RemoteThread to, Object message) {
        NodeAddress node = addresses.resolve(to.node());
        Wire.Target target = target(to);
        if (isHere(node)) {
            LocalThread t = lookup(target);
            return t != null && LocalThreads.deliver(t, message);
        }
        PeerLink peer = peers.existing(node);
        // Services send to a peer as they handle its PeerUp, which is delivered just before its
        // channel is published: a plain read could miss the channel and drop the message.
        Channel channel = peer == null ? null : peer.settledChannel();
        if (channel == null) {
            return false;
        }
        byte[] item = ItemCodec.send(codec, target, message);
        try {
            SendQueue.Outcome outcome = channel.sendData(item, settings.sendTimeoutNanos());
            if (outcome == SendQueue.Outcome.TIMED_OUT) {
                LOG.warn("closing the connection to {}: a cluster service could not send to it for {} ms", node,
                        settings.sendTimeoutNanos() / 1_000_000);
                channel.close("the peer did not take the cluster services' messages within the send timeout");
            }
            return outcome == SendQueue.Outcome.QUEUED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An exit signal: it travels as a message does, in order with the sender's messages to the target. */
    void exit(RemoteThread to, ExitReason reason) {
        NodeAddress node = addresses.resolve(to.node());
        Wire.Target target = target(to);
        if (isHere(node)) {
            LocalThread t = lookup(target);
            if (t != null) {
                LocalThreads.exit(t, reason);
            }
            return;
        }
        byte[] item = ItemCodec.exit(codec, target, reason);
        peers.with(node, p -> sendData(p, item, null, null));
    }

    /**
     * Hands an application item to the link: onto its channel, waiting for room at most the send
     * timeout, or kept for the channel being made. False if it was dropped (and counted).
     *
     * <p>The item was encoded for this node's own types. If the peer admits other types (its
     * handshake said which), it is encoded again by {@code encodeFor} (null: it carries no
     * message): at once from {@code message} if a channel is up, so that a message the peer
     * would not take fails here, naming the peer; else when the channel comes up, from the
     * item's own bytes ({@link #asSent}), and then a message the peer would not take is dropped,
     * counted and logged (the sender has gone on).
     *
     * @throws ClassNotAdmittedByNodeException if a channel is up and the peer does not admit a class of the message
     */
    private boolean sendData(PeerLink peer, byte[] item, Object message,
                             BiFunction<Object, AdmittedTypes, byte[]> encodeFor) {
        try {
            // a kept item is encoded again from what it held when sent, not from the message as it is by then
            DataEncoder again = encodeFor == null ? null
                    : theirs -> keptForPeer(peer, item, theirs, types -> encodeFor.apply(asSent(item), types));
            SlotRoute<Channel> route = peer.route(item, again, settings.connectTimeoutNanos());
            if (route.kept()) {
                return true;
            }
            Channel channel = route.channel();
            if (channel == null) {
                counters.droppedInTransit();
                LOG.debug("dropped a message to {}: no connection within the connect timeout", peer.address());
                return false;
            }
            byte[] forPeer = encodeFor == null ? item
                    : forPeer(peer, item, channel.peerTypes(), types -> encodeFor.apply(message, types));
            SendQueue.Outcome outcome = channel.sendData(forPeer, settings.sendTimeoutNanos());
            if (outcome == SendQueue.Outcome.QUEUED) {
                if (channel.cutsIntoFragments(forPeer.length)) {
                    codec.recycle(forPeer); // only its fragments, copies, travel on: the next big message may be encoded into it
                }
                return true;
            }
            if (outcome == SendQueue.Outcome.TIMED_OUT) {
                LOG.warn("{} has not taken what this node sent for {} ms ({} bytes queued): treating it as failed",
                        peer.address(), TimeUnit.NANOSECONDS.toMillis(settings.sendTimeoutNanos()), channel.queuedBytes());
                channel.close("the peer did not drain its connection within the send timeout");
            }
            counters.droppedInTransit();
            LOG.debug("dropped a message to {}: the connection is being lost", peer.address());
            return false;
        } catch (InterruptedException e) {
            throw new SendInterruptedException(peer.address());
        }
    }

    /**
     * The message or reply {@code item} carries, decoded from its bytes: as it was when it was
     * sent. The sender may have changed the object since (a list it goes on filling, say), and
     * a kept item encoded again from the object carried what it held when the connection came up.
     */
    private Object asSent(byte[] item) {
        Wire.Slice payload = switch (ItemCodec.decode(item, 0, item.length, item.length)) {
            case Wire.Send s -> s.payload();
            case Wire.Reply r -> r.payload();
            default -> throw new IllegalArgumentException("not a message or a reply: item type " + item[0]);
        };
        return codec.decode(payload.bytes(), payload.offset(), payload.length());
    }

    /**
     * The item as a peer that admits {@code theirs} (null: not known) takes it.
     *
     * @throws ClassNotAdmittedByNodeException if the peer does not admit a class of the message
     */
    private byte[] forPeer(PeerLink peer, byte[] item, AdmittedTypes theirs, Function<AdmittedTypes, byte[]> encodeFor) {
        if (theirs == null || theirs.equals(ownTypes)) {
            return item;
        }
        try {
            return encodeFor.apply(theirs);
        } catch (ClassNotAdmittedException e) {
            String prefix = "class " + e.className() + " cannot travel between nodes: ";
            String why = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            throw new ClassNotAdmittedByNodeException(e.className(), peer.address(), peer.name(), why);
        }
    }

    /**
     * As {@link #forPeer}, for an item kept while the channel was made: one the peer does not
     * admit, or that fails to encode again (the sender changed what it holds since, say: it now
     * holds a class not admitted at all, is too large, or cannot be encoded), is dropped, counted
     * and logged. Nothing may escape: this runs as the channel is installed, and an exception
     * here once left the link half installed, its connection closed and every next one with it,
     * and the messages kept behind this one never sent.
     */
    private byte[] keptForPeer(PeerLink peer, byte[] item, AdmittedTypes theirs, Function<AdmittedTypes, byte[]> encodeFor) {
        try {
            return forPeer(peer, item, theirs, encodeFor);
        } catch (RuntimeException e) {
            counters.droppedInTransit();
            notAdmitted.warn("dropped a message sent to {} while connecting: {}", peer.address(), e.getMessage());
            return null;
        }
    }

    /** Watches {@code target}; if {@code requestFollows}, the caller's request to it follows at once (a call's watch). */
    Registration monitor(RemoteThread target, ExitHook hook, boolean requestFollows) {
        NodeAddress node = addresses.resolve(target.node());
        if (isHere(node)) { // a remote handle that names this very node
            LocalThread t = lookup(target(target));
            Registration r = t == null ? null : LocalThreads.onExit(t, (x, reason) -> hook.exited(target, reason));
            if (r == null) {
                Thread.ofVirtual().start(() -> hook.exited(target, ExitReason.NOPROC)); // never on the caller, as promised
                return () -> false;
            }
            return r;
        }
        return peers.with(node, p -> p.watch(target, target(target), hook, requestFollows));
    }

    void link(LocalThread local, RemoteThread remote) {
        NodeAddress node = addresses.resolve(remote.node());
        if (isHere(node)) {
            throw new IllegalArgumentException("link to " + remote + ": it names a thread of this node; link to the"
                    + " LocalThread instead");
        }
        exports.export(local); // the partner's node names it by id, in a LinkedThreadException too
        peers.with(node, p -> {
            p.links().link(local, remote, target(remote));
            return null;
        });
    }

    void unlink(LocalThread local, RemoteThread remote) {
        PeerLink peer = peers.existing(addresses.resolve(remote.node()));
        if (peer != null) { // else it was never linked
            peer.links().unlink(local, target(remote));
        }
    }

    static Wire.Target target(RemoteThread to) {
        return switch (to) {
            case RemoteThread.ById byId -> new Wire.ById(byId.id(), byId.incarnation());
            case RemoteThread.Named named -> new Wire.ByName(named.name());
        };
    }

    private LocalThread lookup(Wire.Target target) {
        return exports.lookup(target, names);
    }
}
