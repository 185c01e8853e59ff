package io.threadwire.distributed.internal.cluster.names;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol;
import io.threadwire.distributed.internal.cluster.protocol.NamesProtocol.Entry;
import io.threadwire.distributed.internal.logging.RateLimitedWarning;
import io.threadwire.distributed.internal.node.ClusterPort;
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
 * The nodes the global-names service takes part in registrations with, and how it reaches
 * them: the members up, and this node itself, which its own registrations reach through its
 * own mailbox so that one order holds for every message a registration gets. Owned by the
 * names service's thread.
 */
final class NamesPeers {
    private static final Logger LOG = LoggerFactory.getLogger(NamesPeers.class);
    /** A peer cut off for breaking a limit may have sent more such messages before it is gone: one line now and then. */
    private final RateLimitedWarning brokeLimit = new RateLimitedWarning(LOG);

    private final ClusterPort port;
    private final String service;
    private final Party self;
    private final PeerInfo selfInfo;
    private final Map<NodeAddress, PeerInfo> up = new LinkedHashMap<>();
    private LocalThread me;

    NamesPeers(ClusterPort port, String service) {
        this.port = port;
        this.service = service;
        this.self = new Party(port.address(), port.incarnation());
        this.selfInfo = new PeerInfo(port.address(), port.incarnation(), port.name(), false);
    }

    /** The names service's thread. */
    void attach(LocalThread service) {
        this.me = service;
    }

    LocalThread me() {
        return me;
    }

    Party self() {
        return self;
    }

    /** The member up at {@code address}, or null. */
    PeerInfo up(NodeAddress address) {
        return up.get(address);
    }

    boolean isUp(Party p) {
        PeerInfo i = up.get(p.address());
        return i != null && i.incarnation() == p.incarnation();
    }

    void add(PeerInfo p) {
        up.put(p.address(), p);
    }

    void remove(NodeAddress address) {
        up.remove(address);
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

    /** Sends {@code m} to the names service of {@code to}: this node's through its mailbox, a peer's if it is connected. */
    void send(Party to, NamesProtocol m) {
        if (to.equals(self)) {
            LocalThreads.deliver(me, new ServiceMessage(selfInfo, m));
        } else {
            send(to.address(), m);
        }
    }

    void send(NodeAddress to, NamesProtocol m) {
        port.sendIfConnected(RemoteThread.named(to, service), m);
    }

    /** Sends {@code m} to every member up. */
    void broadcast(NamesProtocol m) {
        for (NodeAddress a : up.keySet()) {
            send(a, m);
        }
    }

    /** Tells the members up now that took no part in a registration (they connected meanwhile). */
    void announceToOthers(List<Party> view, Entry entry) {
        Set<NodeAddress> inView = new HashSet<>();
        view.forEach(p -> inView.add(p.address()));
        for (NodeAddress a : up.keySet()) {
            if (!inView.contains(a)) {
                send(a, new NamesProtocol.Registered(entry));
            }
        }
    }

    /** A peer broke a cluster limit: it is cut off (this node forgets what it had of it when its loss comes). */
    void violation(Party from, String problem) {
        brokeLimit.warn("node {}: {} broke a cluster limit: {}; disconnecting it. Give every node the same ClusterLimits",
                port.address(), from.address(), problem);
        PeerInfo p = up.get(from.address());
        if (p != null) {
            port.disconnect(p, problem);
        }
    }
}
