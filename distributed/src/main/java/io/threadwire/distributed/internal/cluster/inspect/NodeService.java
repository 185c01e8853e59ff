package io.threadwire.distributed.internal.cluster.inspect;

import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.ClassNotAdmittedByNodeException;
import io.threadwire.distributed.Member;
import io.threadwire.distributed.NodeInfo;
import io.threadwire.distributed.internal.cluster.Service;
import io.threadwire.distributed.internal.cluster.groups.GroupViews;
import io.threadwire.distributed.internal.cluster.names.NameViews;
import io.threadwire.distributed.internal.cluster.protocol.InspectProtocol;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.cluster.protocol.SpawnProtocol;
import io.threadwire.distributed.internal.cluster.spawn.Spawnables;
import io.threadwire.distributed.internal.logging.PeerText;
import io.threadwire.distributed.internal.logging.RateLimitedWarning;
import io.threadwire.distributed.internal.node.ClusterPort;
import io.threadwire.distributed.internal.node.PeerInfo;
import io.threadwire.distributed.internal.node.ServiceMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node service ({@code threadwire.node}): answers the synchronous requests of
 * {@link InspectProtocol} and spawn requests ({@link SpawnProtocol}) from any authenticated
 * peer, made by one of that peer's own threads (a request naming a caller elsewhere is ignored:
 * it would make this node dial where the peer chose), and from this node's own threads. It
 * keeps nothing per peer: each answer is read from the node and the other services' published
 * views, lists cut at {@link InspectProtocol.Listing#MAX} entries.
 */
public final class NodeService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);
    private final RateLimitedWarning forged = new RateLimitedWarning(LOG);
    private final RateLimitedWarning unanswerable = new RateLimitedWarning(LOG);
    private static final String VERSION = versionOf(NodeService.class);

    private final ClusterPort port;
    private final GroupViews groups;
    private final NameViews names;
    private final Spawnables spawnables;
    private final Instant started = Instant.now();

    public NodeService(ClusterPort port, GroupViews groups, NameViews names, Spawnables spawnables) {
        this.port = port;
        this.groups = groups;
        this.names = names;
        this.spawnables = spawnables;
    }

    /**
     * The members of the cluster as {@code port}'s node sees them: itself and every peer up over
     * a visible connection (neither end hidden), by address. A hidden node lists itself alone.
     */
    public static List<Member> members(ClusterPort port) {
        List<Member> members = new ArrayList<>();
        members.add(new Member(port.address(), port.name(), port.incarnation()));
        for (PeerInfo p : port.hidden() ? List.<PeerInfo>of() : port.peersUp()) {
            if (!p.hidden()) {
                members.add(new Member(p.address(), p.name(), p.incarnation()));
            }
        }
        members.sort(Comparator.comparing(m -> m.address().toString()));
        return List.copyOf(members);
    }

    @Override
    public void start() {
    }

    @Override
    public void handle(Object message) {
        Object request = message instanceof ServiceMessage m ? m.message() : message;
        NodeAddress from = message instanceof ServiceMessage m ? m.from().address() : null; // null: this node
        if (request instanceof Synchronous call && from != null && !callerOf(from, call)) {
            forged.warn("node {}: ignored a request from {} whose answer would go to {}, a thread of another node"
                    + " (a node service answers the node that asks, and dials no other)", port.address(), from, call.sender());
        } else if (request instanceof Synchronous call && call.data() instanceof SpawnProtocol.Request spawn) {
            spawn(call, spawn, from);
        } else if (request instanceof Synchronous call && call.data() instanceof InspectProtocol asked) {
            inspect(call, asked);
        } else {
            LOG.debug("node {}: the node service ignored a {}", port.address(), request.getClass().getName());
        }
    }

    /**
     * Whether {@code call} was made by a thread of {@code peer}, the node it came from. A peer
     * could name any thread as the caller, and the answer would then make this node dial the
     * address it names: a holder of the secret is trusted with messages, not with choosing where
     * this node connects. The peer's threads carry the address it calls itself by, a host name,
     * say, that this node resolved when it dialed it: {@link ClusterPort#isOfPeer} compares it
     * with the address the peer authenticated as, which no cache eviction changes.
     */
    private boolean callerOf(NodeAddress peer, Synchronous call) {
        return call.sender() instanceof RemoteThread.ById caller && port.isOfPeer(caller.node(), peer);
    }

    /**
     * Answers a spawn request, also when handling it throws (the node closing, an {@link Error}):
     * the caller is told at once that the thread was not started, as Erlang's
     * {@code spawn_request} answers with an error, rather than at its timeout. The failure is
     * then rethrown, for {@link io.threadwire.distributed.internal.cluster.ServiceLoop} to log
     * it and go on.
     */
    private void spawn(Synchronous call, SpawnProtocol.Request request, NodeAddress from) {
        SpawnProtocol.Reply reply;
        try {
            reply = spawnables.spawn(request, from, call.sender());
        } catch (Throwable e) {
            try {
                Messaging.replySynchronous(Spawnables.failed(port.address(), e), call);
            } catch (RuntimeException replyFailed) {
                e.addSuppressed(replyFailed);
            }
            throw e;
        }
        answer(reply, call);
    }

    /**
     * Answers an inspect request; a malformed one ({@link #malformed}) with
     * {@link InspectProtocol.Failed}, unhandled. Also when answering it throws (the node closing, an
     * {@link Error}): the caller is told at once with {@link InspectProtocol.Failed}, as a spawn
     * request is with {@code START_FAILED}, rather than at its timeout. The failure is then
     * rethrown, for {@link io.threadwire.distributed.internal.cluster.ServiceLoop} to log it and
     * go on. A caller whose node does not admit {@code Failed} (an older build) cannot be sent
     * it: it waits to its timeout, as it did.
     */
    private void inspect(Synchronous call, InspectProtocol request) {
        String problem = malformed(request);
        if (problem != null) {
            try {
                Messaging.replySynchronous(new InspectProtocol.Failed("node " + port.address() + " refused " + problem), call);
            } catch (RuntimeException notSent) { // a node of an older build does not admit Failed: it waits to its timeout
                LOG.debug("node {}: refused {} and could not say so: {}", port.address(), problem, notSent.toString());
            }
            return;
        }
        Object answer;
        try {
            answer = answer(request);
        } catch (Throwable e) {
            try {
                Messaging.replySynchronous(new InspectProtocol.Failed("node " + port.address() + " could not answer: "
                        + PeerText.safe(e.toString())), call);
            } catch (RuntimeException replyFailed) {
                e.addSuppressed(replyFailed);
            }
            throw e;
        }
        if (answer != null) {
            answer(answer, call);
        }
    }

    /**
     * Sends {@code answer} to the caller; one whose class the caller's node does not admit (a
     * node of an older build, or a peer that says it admits nothing) is dropped with a line now
     * and then. Thrown on to the service's loop, each such request logged an error with its
     * stack trace: a peer could fill the node's log, and keep the service busy writing it.
     */
    private void answer(Object answer, Synchronous call) {
        try {
            Messaging.replySynchronous(answer, call);
        } catch (ClassNotAdmittedByNodeException e) {
            unanswerable.warn("node {}: could not answer {}: {}", port.address(), call.sender(), PeerText.safe(e.getMessage()));
        }
    }

    /**
     * What is wrong with a request no well-behaved node sends (a name left out), or null. Such a
     * request is answered {@link InspectProtocol.Failed} unhandled, as a bad spawn request is
     * refused: handling it would throw, and a peer that sent many would have this node log an
     * error with its stack trace for each.
     */
    private static String malformed(InspectProtocol request) {
        return switch (request) {
            case InspectProtocol.WhereIs w when w.name() == null -> "a WhereIs that names no thread";
            case InspectProtocol.GroupMembers g when g.group() == null -> "a GroupMembers that names no group";
            default -> null;
        };
    }

    private Object answer(InspectProtocol request) {
        return switch (request) {
            case InspectProtocol.Ping p -> new Member(port.address(), port.name(), port.incarnation());
            case InspectProtocol.WhereIs w -> Optional.<ThreadRef>ofNullable(port.whereis(w.name()));
            case InspectProtocol.ListNames l -> InspectProtocol.Listing.of(port.registeredNames().stream().sorted().toList());
            case InspectProtocol.ListMembers l -> InspectProtocol.Listing.of(members(port));
            // The first MAX + 1 only, from views kept sorted: a request costs its answer, not the
            // cluster's names or groups (sorting them all cost each request of a peer that much).
            case InspectProtocol.ListGroups l -> InspectProtocol.Listing.of(groups.firstGroups(InspectProtocol.Listing.MAX + 1));
            case InspectProtocol.GroupMembers g -> InspectProtocol.Listing.of(groups.members(g.group()));
            case InspectProtocol.ListGlobalNames l -> {
                List<NamesProtocol.Held> held = new ArrayList<>();
                names.first(InspectProtocol.Listing.MAX + 1)
                        .forEach((name, thread) -> held.add(new NamesProtocol.Held(name, thread)));
                yield InspectProtocol.Listing.of(held);
            }
            case InspectProtocol.Info i -> new NodeInfo(new Member(port.address(), port.name(), port.incarnation()),
                    VERSION, started, port.stats());
            case InspectProtocol.Listing<?> l -> null; // a reply, not a request
            case InspectProtocol.Failed f -> null; // a reply, not a request
        };
    }

    private static String versionOf(Class<?> c) {
        String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
