package io.threadwire.distributed.internal.cluster.members;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.ClusterLimits;
import io.threadwire.distributed.internal.cluster.Service;
import io.threadwire.distributed.internal.cluster.protocol.MembersProtocol;
import io.threadwire.distributed.internal.logging.RateLimitedWarning;
import io.threadwire.distributed.internal.node.ClusterPort;
import io.threadwire.distributed.internal.node.PeerEvent;
import io.threadwire.distributed.internal.node.PeerInfo;
import io.threadwire.distributed.internal.node.ServiceMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The membership service ({@code threadwire.members}): makes the connected part of a cluster a
 * full mesh and keeps it one. On each new connection with a member, both sides send each other
 * the members they are connected with ({@link MembersProtocol.Hello}) and dial those they lack
 * (Erlang's {@code connect_all}): a node that joins through one seed meets every member. Seeds
 * are dialed in rounds ({@link Seeds}) at start and whenever no seed is connected; members
 * heard of and members lost without a goodbye are dialed by {@link Dials}.
 *
 * <p><b>Hidden nodes</b> (Erlang's {@code -hidden}). A connection makes members only when it is
 * visible: neither of its nodes is hidden. A member leaves hidden peers out: it sends them no
 * member list, takes none from them and does not count them against {@code maxMembers}. A
 * hidden node's service dials its seeds in rounds as any node's does, and dials them again
 * whenever none is connected, but sends no member list, takes none, and dials nobody it hears
 * of or loses: it is connected to the nodes it names, and meshed with nobody.
 *
 * <p><b>Bounds.</b> A member sends one member list per connection, of at most {@code maxMembers}
 * addresses; a second list on one connection, or a longer one, closes that connection. So what
 * a peer makes this node dial is bounded per connection, and {@link Dials} bounds its queue and
 * the lost members it keeps.
 */
public final class MembershipService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(MembershipService.class);
    static final int PROTOCOL = 1;

    private final ClusterPort port;
    private final boolean hidden;
    private final ClusterLimits limits;
    private final String service;
    private final Backoff backoff;
    private final Map<NodeAddress, PeerInfo> up = new HashMap<>(); // members connected (on a hidden node: peers), by address
    private final Set<NodeAddress> hellos = new HashSet<>();      // members whose Hello came on their connection now
    // One line per interval, not one per address: a set of the addresses warned of grew for good,
    // by one entry per distinct node refused, which anyone able to dial this node can choose.
    private final RateLimitedWarning full = new RateLimitedWarning(LOG);
    private Dials dials;
    private Seeds seeds;

    public MembershipService(ClusterPort port, String service) {
        this.port = port;
        this.hidden = port.hidden();
        this.limits = port.config().clusterLimits();
        this.service = service;
        this.backoff = new Backoff(port.config().cluster().retryFirst(), port.config().cluster().retryMax());
    }

    @Override
    public void start() {
        LocalThread me = Messaging.self();
        Map<NodeAddress, PeerInfo> view = Collections.unmodifiableMap(up);
        dials = new Dials(port, me, backoff, view);
        seeds = new Seeds(port, me, backoff, view);
        for (PeerInfo p : port.subscribe(me).up()) {
            peerUp(p);
        }
        seeds.start();
    }

    @Override
    public void handle(Object message) {
        switch (message) {
            case PeerEvent.PeerUp u -> peerUp(u.peer());
            case PeerEvent.PeerDown d -> peerDown(d.peer(), d.left());
            case ServiceMessage(PeerInfo from, MembersProtocol.Hello hello) -> hello(from, hello);
            case MembersEvents.SeedsResolved r -> seeds.resolved(r);
            case MembersEvents.Dialed d -> dialed(d);
            case MembersEvents.RoundDue r -> seeds.startRound();
            case MembersEvents.RedialDue r -> dials.redial(r.address());
            default -> LOG.debug("{}: ignored {}", service, message.getClass().getName());
        }
    }

    private void peerUp(PeerInfo p) {
        if (hidden) {
            up.put(p.address(), p); // only to know whether a seed is connected
            seeds.peerUp(p);
            return;
        }
        if (p.hidden()) {
            return;
        }
        PeerInfo known = up.get(p.address());
        if (known != null && known.incarnation() == p.incarnation()) {
            return; // its Hello overtook this PeerUp, and made it up already: one Hello each way per connection
        }
        if (up.size() + 1 >= limits.maxMembers() && !up.containsKey(p.address())) {
            full.warn("node {}: the cluster is full ({} members, ClusterLimits.maxMembers); disconnecting {}",
                    port.address(), limits.maxMembers(), p.address());
            port.disconnect(p, "the cluster is full (maxMembers " + limits.maxMembers() + ")");
            return;
        }
        up.put(p.address(), p);
        dials.connected(p.address());
        List<NodeAddress> others = new ArrayList<>();
        for (NodeAddress a : up.keySet()) {
            if (!a.equals(p.address())) {
                others.add(a);
            }
        }
        port.sendIfConnected(RemoteThread.named(p.address(), service), new MembersProtocol.Hello(PROTOCOL, others));
        seeds.peerUp(p);
    }

    private void peerDown(PeerInfo p, boolean left) {
        PeerInfo known = up.get(p.address());
        if (known == null || known.incarnation() != p.incarnation()) {
            return;
        }
        up.remove(p.address());
        hellos.remove(p.address());
        if (!left && !hidden) {
            dials.lost(p.address());
        }
        seeds.peerLost();
    }

    private void hello(PeerInfo from, MembersProtocol.Hello hello) {
        if (hidden || from.hidden()) {
            return; // no mesh through or with a hidden node
        }
        PeerInfo known = up.get(from.address());
        if (known == null || known.incarnation() != from.incarnation()) {
            // A connection's loss reaches this thread after its last message and before any of the
            // next one's, so a peer not up here is one whose Hello overtook its PeerUp: dropping
            // the Hello would lose the members it names, and the mesh with them.
            if (known != null) {
                peerDown(known, false);
            }
            peerUp(from);
            if (!up.containsKey(from.address())) {
                return; // refused: the cluster is full
            }
        }
        if (hello.members() == null || hello.members().size() > limits.maxMembers()) {
            LOG.warn("node {}: {} sent a member list of {} entries, over maxMembers ({}); disconnecting it. Give every"
                    + " node the same ClusterLimits", port.address(), from.address(),
                    hello.members() == null ? "no" : hello.members().size(), limits.maxMembers());
            port.disconnect(from, "maxMembers (" + limits.maxMembers() + ") exceeded");
            return;
        }
        if (!hellos.add(from.address())) {
            LOG.warn("node {}: {} sent a second member list on one connection; disconnecting it", port.address(),
                    from.address());
            port.disconnect(from, "a second member list (Hello) on one connection");
            return;
        }
        for (NodeAddress a : hello.members()) {
            if (a != null) {
                dials.heardOf(a);
            }
        }
        dials.pump();
    }

    private void dialed(MembersEvents.Dialed d) {
        if (d.peer() != null) {
            LOG.debug("node {}: connected to {} ({})", port.address(), d.address(), d.purpose());
        } else {
            LOG.debug("node {}: could not connect to {} ({}): {}", port.address(), d.address(), d.purpose(), d.failure());
        }
        if (d.purpose() == MembersEvents.Purpose.SEED) {
            seeds.dialed(d);
        } else {
            dials.dialed(d);
        }
    }
}
