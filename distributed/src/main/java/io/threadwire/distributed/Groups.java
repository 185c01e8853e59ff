package io.threadwire.distributed;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.internal.cluster.ClusterServices;
import io.threadwire.distributed.internal.cluster.Reply;
import io.threadwire.distributed.internal.cluster.groups.GroupsRequests;
import io.threadwire.distributed.internal.cluster.groups.GroupsService;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Process groups across the cluster, as Erlang's {@code pg} (and AnyEvent::MP's global groups,
 * Akka's Receptionist): any thread may join any group, any number of times, and every node
 * sees the members of every connected member node.
 *
 * <pre>{@code
 * Groups.join("eg_receivers", receiver);                 // on one node
 * for (ThreadRef r : Groups.members("eg_receivers")) {   // on any node of the cluster
 *     send(message, r);
 * }
 * }</pre>
 *
 * <p><b>Whose view.</b> {@link #join} and {@link #leave} act on the node the thread belongs to
 * (a thread of no node: the calling thread's node, else the JVM's default node); they return
 * once that node's view has the change. {@link #members}, {@link #localMembers},
 * {@link #groups} and {@link #monitor} read the calling thread's node (else the default node).
 *
 * <p><b>Consistency.</b> Eventually consistent, per node: each node is the only authority on
 * its own threads' joins and tells every member node of each change. When changes stop, every
 * two connected members see equal views after one message delay; a member whose thread ends
 * leaves every view the same way; the members of a node that is lost leave every view once
 * its loss is detected (at once for a closed node or a reset connection, within the heartbeat
 * timeout for a silent one); after a partition heals the views converge as soon as the nodes
 * reconnect (the lost-member backoff) and exchange their joins, without anyone joining again.
 * Views are not transitive: two nodes that cannot reach each other do not see each other's
 * members, even through a third. Changes from other nodes enter a node's view in batches (all
 * that arrived while its groups service was busy, at once); a monitor is told of a change once
 * its node's view holds it.
 *
 * <p><b>Members.</b> A thread may join a group several times; each join counts (it is listed
 * once per join) and each {@link #leave} takes one back. A thread that ends leaves all its
 * groups. Group names are 1 to 255 characters. Limits: {@link ClusterLimits}.
 */
public final class Groups {
    private Groups() {
    }

    /**
     * Adds one join of {@code thread} to {@code group}. Returns once the thread's node has it
     * in its view; other nodes see it after one message delay.
     *
     * @throws IllegalArgumentException if {@code thread} is not a thread of this JVM (join it on
     *                                  its own node), or the group name is empty or too long
     * @throws io.threadwire.core.NoSuchThreadException if the thread has ended
     * @throws IllegalStateException    if its node is closed or hidden, or a limit of
     *                                  {@link ClusterLimits} is reached (the message names it)
     */
    public static void join(String group, ThreadRef thread) {
        checkGroup(group);
        LocalThread local = local(thread, "join");
        Node node = nodeOf(local);
        Reply.ask(service(node), new GroupsRequests.Join(group, local, new Reply()), bound(node));
    }

    /**
     * Takes back one join of {@code thread} to {@code group}; false if it had none.
     *
     * @throws IllegalArgumentException if {@code thread} is not a thread of this JVM
     */
    public static boolean leave(String group, ThreadRef thread) {
        checkGroup(group);
        LocalThread local = local(thread, "leave");
        Node node = nodeOf(local);
        return (Boolean) Reply.ask(service(node), new GroupsRequests.Leave(group, local, new Reply()), bound(node));
    }

    /**
     * Every member of {@code group} on every connected member node, one entry per join, in no
     * promised order. A read of this node's published view: never blocks, never messages.
     */
    public static List<ThreadRef> members(String group) {
        Objects.requireNonNull(group, "group");
        return services(Distributed.localNode()).groupViews().members(group);
    }

    /** The members of {@code group} that are threads of this node, one entry per join. Never blocks. */
    public static List<LocalThread> localMembers(String group) {
        Objects.requireNonNull(group, "group");
        return services(Distributed.localNode()).groupViews().localMembers(group);
    }

    /** The groups with at least one member in this node's view ({@code pg:which_groups}). Never blocks. */
    public static Set<String> groups() {
        return services(Distributed.localNode()).groupViews().groups();
    }

    /**
     * The calling thread receives {@link GroupEvent.Members} with the group's members now, then
     * a {@link GroupEvent.Joined} or {@link GroupEvent.Left} for every change of its node's view
     * of {@code group}, in the order the view changed, until the monitor is cancelled or the
     * thread ends. Each call is a registration of its own.
     *
     * @throws IllegalStateException if the node is closed or hidden, or keeps 100,000 monitors
     */
    public static GroupMonitor monitor(String group) {
        checkGroup(group);
        Node node = Distributed.localNode();
        LocalThread service = service(node);
        long id = (Long) Reply.ask(service, new GroupsRequests.Monitor(group, Messaging.self(), new Reply()), bound(node));
        // a closed node's threads have ended, and with them every monitor: false, as the
        // monitor of an ended thread (and as NodeMonitor.cancel, which returns)
        return () -> !node.isClosed()
                && (Boolean) Reply.ask(service, new GroupsRequests.Unmonitor(id, new Reply()), bound(node));
    }

    private static void checkGroup(String group) {
        Objects.requireNonNull(group, "group");
        if (group.isEmpty() || group.length() > GroupsService.MAX_NAME) {
            throw new IllegalArgumentException("a group name has 1 to " + GroupsService.MAX_NAME + " characters, not "
                    + group.length());
        }
    }

    static LocalThread local(ThreadRef thread, String verb) {
        Objects.requireNonNull(thread, "thread");
        if (thread instanceof LocalThread local) {
            return local;
        }
        throw new IllegalArgumentException(verb + " acts on a thread of this JVM; " + thread + " is a thread of another"
                + " node: " + verb + " there");
    }

    /** The node a thread belongs to, else the calling thread's node, else the JVM's default node. */
    static Node nodeOf(LocalThread thread) {
        return Node.of(thread).orElseGet(Distributed::localNode);
    }

    private static ClusterServices services(Node node) {
        return node.services();
    }

    private static LocalThread service(Node node) {
        LocalThread s = node.services().groups();
        if (s == null) {
            throw new IllegalStateException("node " + node.address() + " is hidden: it is no member of a cluster, and"
                    + " has no groups");
        }
        if (node.isClosed()) {
            throw new IllegalStateException("node " + node.address() + " is closed");
        }
        return s;
    }

    /** How long a call to a node's own service may take: it may be sending to a slow peer. */
    static java.time.Duration bound(Node node) {
        return node.config().timeouts().send().multipliedBy(2);
    }
}
