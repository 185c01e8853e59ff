package io.threadwire.distributed.internal.cluster;

import io.threadwire.core.LocalThread;
import io.threadwire.distributed.internal.cluster.groups.GroupViews;
import io.threadwire.distributed.internal.cluster.groups.GroupsService;
import io.threadwire.distributed.internal.cluster.inspect.NodeService;
import io.threadwire.distributed.internal.cluster.members.MembershipService;
import io.threadwire.distributed.internal.cluster.names.NameViews;
import io.threadwire.distributed.internal.cluster.names.NamesService;
import io.threadwire.distributed.internal.cluster.spawn.Spawnables;
import io.threadwire.distributed.internal.node.ClusterPort;

/**
 * The cluster services of one node, each an ordinary thread of the node under a reserved name
 * (as Erlang's {@code global} and {@code pg} are processes): the node service (which also
 * starts the behaviours other nodes spawn here), membership, groups and global names. Started
 * before the node takes connections, stopped with the node's other threads when it closes. A
 * hidden node runs the node service and membership (which only dials its seeds): it takes no
 * part in groups or global names.
 */
public final class ClusterServices {
    public static final String NODE = ClusterPort.RESERVED_PREFIX + "node";
    public static final String MEMBERS = ClusterPort.RESERVED_PREFIX + "members";
    public static final String GROUPS = ClusterPort.RESERVED_PREFIX + "groups";
    public static final String NAMES = ClusterPort.RESERVED_PREFIX + "names";

    private final ClusterPort port;
    private final GroupViews groupViews = new GroupViews();
    private final NameViews nameViews = new NameViews();
    private final Spawnables spawnables;
    private volatile LocalThread groups;
    private volatile LocalThread names;

    private ClusterServices(ClusterPort port) {
        this.port = port;
        this.spawnables = new Spawnables(port);
    }

    /** Starts the services of {@code port}'s node. */
    public static ClusterServices start(ClusterPort port) {
        ClusterServices s = new ClusterServices(port);
        s.startService(NODE, new NodeService(port, s.groupViews, s.nameViews, s.spawnables));
        s.startService(MEMBERS, new MembershipService(port, MEMBERS));
        if (!port.hidden()) {
            s.groups = s.startService(GROUPS, new GroupsService(port, GROUPS, s.groupViews));
            s.names = s.startService(NAMES, new NamesService(port, NAMES, s.nameViews));
        }
        return s;
    }

    private LocalThread startService(String name, Service service) {
        return port.startService(name, () -> ServiceLoop.run(name, service, port::closing));
    }

    public ClusterPort port() {
        return port;
    }

    public GroupViews groupViews() {
        return groupViews;
    }

    public NameViews nameViews() {
        return nameViews;
    }

    /** The behaviours other nodes may start here by name. */
    public Spawnables spawnables() {
        return spawnables;
    }

    /** The groups service's thread; null on a hidden node. */
    public LocalThread groups() {
        return groups;
    }

    /** The global-names service's thread; null on a hidden node. */
    public LocalThread names() {
        return names;
    }
}
