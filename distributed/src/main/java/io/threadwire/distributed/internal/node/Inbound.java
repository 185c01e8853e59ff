package io.threadwire.distributed.internal.node;

import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Registration;
import io.threadwire.core.spi.Transport;
import io.threadwire.distributed.internal.link.Channel;
import io.threadwire.distributed.internal.link.HeldDeliveries;
import io.threadwire.distributed.internal.link.ItemHandler;
import io.threadwire.distributed.internal.link.PeerLink;
import io.threadwire.distributed.internal.link.RemoteWatchers;
import io.threadwire.distributed.internal.link.ServiceBacklog;
import io.threadwire.distributed.internal.logging.PeerText;
import io.threadwire.distributed.internal.logging.RateLimitedWarning;
import io.threadwire.distributed.internal.wire.ItemCodec;
import io.threadwire.distributed.internal.wire.ProtocolException;
import io.threadwire.distributed.internal.wire.ReasonCodec;
import io.threadwire.distributed.internal.wire.SignalItems;
import io.threadwire.distributed.internal.wire.Wire;
import io.threadwire.serialize.MessageCodec;
import io.threadwire.serialize.UndecodableMessageException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node does with each item that arrives (the receiver's column of {@code Protocol}'s
 * catalogue). Runs on the reader thread of the channel the item came on; decoding of
 * application payloads happens here, never on a network thread.
 */
final class Inbound implements ItemHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Inbound.class);
    private static final Logger TRACE = LoggerFactory.getLogger("io.threadwire.trace");

    private final Exports exports;
    private final LocalThreads.Names names;
    private final MessageCodec codec;
    private final SignalItems signals;
    private final Counters counters;
    private final Function<Channel, PeerLink> linkOf;
    private final Function<NodeAddress, PeerLink> linkByAddress;
    private final Services services;
    private final RateLimitedWarning undecodable = new RateLimitedWarning(LOG); // per node: a peer may send many
    private final RateLimitedWarning refusedSignal = new RateLimitedWarning(LOG); // likewise
    private final HeldDeliveries.Delivery deliver = this::deliver;

    /**
     * @param linkOf        the link a channel is filed under
     * @param linkByAddress the link to a node by any address it is known by, or null (never asks DNS)
     */
    Inbound(Exports exports, LocalThreads.Names names, MessageCodec codec, SignalItems signals, Counters counters,
            Function<Channel, PeerLink> linkOf, Function<NodeAddress, PeerLink> linkByAddress, Services services) {
        this.services = services;
        this.signals = signals;
        this.exports = exports;
        this.names = names;
        this.codec = codec;
        this.counters = counters;
        this.linkOf = linkOf;
        this.linkByAddress = linkByAddress;
    }

    @Override
    public void handle(Channel channel, Wire.Item item) {
        if (!(item instanceof Wire.Send)) {
            flush(channel); // messages held back take effect before anything that follows them
        }
        switch (item) {
            case Wire.Send s -> send(channel, s);
            case Wire.Reply r -> reply(channel, r);
            case Wire.Monitor m -> monitor(channel, m);
            case Wire.Demonitor d -> channel.remoteWatchers().cancel(d.monitorId());
            case Wire.Down d -> {
                PeerLink p = linkOf.apply(channel);
                if (p != null) {
                    p.down(d.monitorId(), ReasonCodec.decode(d.reason(), codec));
                }
            }
            case Wire.Exit x -> exit(channel, x);
            case Wire.Link l -> {
                PeerLink p = linkOf.apply(channel);
                if (p != null) {
                    p.links().linkedFrom(channel, l.fromId(), linkable(lookup(l.target())), l.target());
                }
            }
            case Wire.LinkName n -> {
                PeerLink p = linkOf.apply(channel);
                if (p != null) {
                    p.links().nameResolved(channel, n.linkerId(), n.name(), n.holder());
                }
            }
            case Wire.LinkExit x -> {
                PeerLink p = linkOf.apply(channel);
                if (p != null) {
                    p.links().linkExit(channel, x.from(), x.toId(), ReasonCodec.decode(x.reason(), codec));
                }
            }
            case Wire.Unlink u -> {
                PeerLink p = linkOf.apply(channel);
                if (p != null) {
                    p.links().unlinkedFrom(channel, u.fromId(), u.toId(), u.unlinkId());
                }
            }
            case Wire.UnlinkAck a -> {
                PeerLink p = linkOf.apply(channel);
                if (p != null) {
                    p.links().unlinkAcknowledged(channel, a.fromId(), a.toId(), a.unlinkId());
                }
            }
            case Wire.Heartbeat h -> {
            }
            case Wire.Goodbye g -> { // nothing more will come: close now, so that nothing more is sent into it either
                LOG.debug("{} says goodbye: {}", channel.remote().address(), PeerText.safe(g.reason()));
                channel.remote().saidGoodbye(g.reason());
                channel.close("the peer left: " + PeerText.safe(g.reason()));
            }
            case Wire.Ping ping -> channel.sendControl(ItemCodec.pong(ping.id()));
            case Wire.Pong pong -> {
                PeerLink p = linkOf.apply(channel);
                if (p != null) {
                    p.pong(pong.id());
                }
            }
            case Wire.FragmentStart f -> throw new ProtocolException("unexpected fragment");
            case Wire.FragmentNext f -> throw new ProtocolException("unexpected fragment");
        }
    }

    private void send(Channel channel, Wire.Send s) {
        LocalThread t = lookup(s.target());
        // The cluster's own traffic is uncounted by its sender, so uncounted here whatever becomes
        // of it: a service that has ended (its node is closing) drops it uncounted, or the drop
        // would balance a message really lost. Its name may outlive it briefly, hence both tests.
        boolean service = toService(s.target()) || t != null && services.contains(t);
        if (t == null) {
            if (service) {
                LOG.debug("dropped a message from {} for {}: the service has ended", channel.remote().address(),
                        s.target());
                return;
            }
            counters.droppedUnknown();
            LOG.debug("dropped a message from {} for {}: no such thread", channel.remote().address(),
                    PeerText.safe(String.valueOf(s.target())));
            return;
        }
        Object message;
        try {
            message = codec.decode(s.payload().bytes(), s.payload().offset(), s.payload().length());
        } catch (UndecodableMessageException e) {
            undecodable(channel, e);
            return;
        }
        if (TRACE.isTraceEnabled()) {
            TRACE.trace("RCV {} -> {}: {}", channel.remote().address(), t, PeerText.safe(String.valueOf(message)));
        }
        if (service) { // stamped with the authenticated sender; not delivered if the service has ended
            flush(channel);
            PeerLink p = linkOf.apply(channel);
            if (p == null) {
                return;
            }
            ServiceMessage m = new ServiceMessage(PeerIdentity.of(p, channel), message);
            if (!services.answers(t)) {
                LocalThreads.deliver(t, m);
                return;
            }
            ServiceBacklog backlog = channel.serviceBacklog(); // the reader found room for it
            long cost = ServiceBacklog.cost(s.payload().length());
            backlog.take(cost);
            if (!LocalThreads.deliver(t, new ServiceDelivery(m, backlog, cost))) {
                backlog.release(cost);
            }
            return;
        }
        if (channel.heldDeliveries().add(t, message)) { // else delivered with the rest of its run (HeldDeliveries)
            flush(channel);
        }
    }

    @Override
    public boolean mayBeForService(Wire.Send send) {
        return services.mayBeAnswering(send.target());
    }

    @Override
    public void flush(Channel channel) {
        HeldDeliveries held = channel.heldDeliveries();
        if (!held.isEmpty()) {
            held.deliverAll(deliver);
        }
    }

    /** Delivers a run of messages that arrived for a thread of this node: {@code messages[from..to)}. */
    private void deliver(LocalThread t, Object[] messages, int from, int to) {
        int n = to - from;
        counters.received(n); // counted first: a thread that has the messages finds them counted
        if (!LocalThreads.deliverAll(t, messages, from, to)) {
            counters.undelivered(n);
        }
    }

    /**
     * {@code t}, unless it is one of the node's services, which no other node may link to: a
     * link would end the service with its linker, or with the connection ({@code noconnection}),
     * and nothing restarts it. The linker is told {@code noproc}, as for a thread not there.
     * (Erlang's {@code global} and {@code pg} trap exits to the same end.)
     */
    private LocalThread linkable(LocalThread t) {
        return t != null && services.contains(t) ? null : t;
    }

    /** Whether {@code target} names one of a node's own services, which the sender did not count. */
    private static boolean toService(Wire.Target target) {
        return target instanceof Wire.ByName n && Services.isReserved(n.name());
    }

    private void reply(Channel channel, Wire.Reply r) {
        LocalThread t = lookup(r.caller());
        if (t == null) {
            counters.droppedUnknown();
            return;
        }
        Object reply;
        try {
            reply = codec.decode(r.payload().bytes(), r.payload().offset(), r.payload().length());
        } catch (UndecodableMessageException e) {
            undecodable(channel, e);
            return;
        }
        PeerLink from = linkOf.apply(channel);
        if (LocalThreads.deliverReplyFrom(t, r.tag(), reply, target -> from != null && from == linkOf(target))) {
            counters.received();
        } else {
            counters.droppedUnknown(); // late, or an answer to a call made to another node
        }
    }

    /** The link to the node of the thread a call went to (never asks DNS), or null. */
    private PeerLink linkOf(ThreadRef target) {
        NodeAddress node = switch (target) {
            case RemoteThread remote -> remote.node();
            case LocalThread local -> {
                Transport owner = LocalThreads.owner(local); // a thread of another node of this JVM
                yield owner == null ? null : owner.address();
            }
        };
        return node == null ? null : linkByAddress.apply(node);
    }

    /**
     * An exit signal for a thread of this node: it ends with the reason at its next wait. One for
     * no such thread is ignored, as in Erlang.
     */
    private void exit(Channel channel, Wire.Exit x) {
        LocalThread t = lookup(x.target());
        ExitReason reason = ReasonCodec.decode(x.reason(), codec);
        if (t == null) {
            LOG.debug("ignored an exit signal from {} for {}: no such thread", channel.remote().address(),
                    PeerText.safe(String.valueOf(x.target())));
            return;
        }
        if (services.contains(t)) {
            refusedSignal.warn("ignored an exit signal from {} for the node's service {}: only the node ends its services",
                    channel.remote().address(), t);
            return;
        }
        if (TRACE.isTraceEnabled()) {
            TRACE.trace("EXIT {} -> {}: {}", channel.remote().address(), t, reason);
        }
        LocalThreads.exit(t, reason);
    }

    /**
     * A message whose bytes are intact but which this node cannot take: dropped and counted; the
     * connection stays. Logged at most once every ten seconds (a peer could send many).
     */
    private void undecodable(Channel channel, UndecodableMessageException e) {
        counters.droppedUnknown();
        undecodable.warn("dropped a message from {} (class {}): {}", channel.remote().address(),
                PeerText.safe(e.className()), PeerText.safe(e.getMessage()));
    }

    /** The peer watches one of this node's threads: one Down goes back, whatever happens. */
    private void monitor(Channel channel, Wire.Monitor m) {
        RemoteWatchers watchers = channel.remoteWatchers();
        LocalThread t = lookup(m.target());
        Registration r = t == null ? null : LocalThreads.onExit(t, (who, reason) -> {
            if (watchers.remove(m.monitorId())) {
                channel.sendSignal(compact -> signals.down(m.monitorId(), reason, compact));
            }
        });
        if (r == null) { // as in Erlang, a monitor made after the end reports noproc
            channel.sendControl(signals.down(m.monitorId(), ExitReason.NOPROC));
            return;
        }
        watchers.add(m.monitorId(), r);
        ExitReason ended = LocalThreads.exitReason(t);
        if (ended != null && watchers.remove(m.monitorId())) {
            // it ended between onExit and add: the hook found nothing to remove, so report here
            channel.sendControl(signals.down(m.monitorId(), ended));
        }
    }

    private LocalThread lookup(Wire.Target target) {
        return exports.lookup(target, names);
    }
}
