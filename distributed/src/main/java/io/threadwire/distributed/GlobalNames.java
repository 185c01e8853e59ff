package io.threadwire.distributed;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NoSuchThreadException;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.internal.cluster.Reply;
import io.threadwire.distributed.internal.cluster.names.NamesRequests;
import io.threadwire.distributed.internal.cluster.names.NamesService;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Names unique across the connected cluster, as Erlang's {@code global} (AVM's location
 * directory, parigot's {@code Locate()}): at most one thread holds a name among nodes that are
 * connected, and every node can find it by name.
 *
 * <pre>{@code
 * GlobalNames.register("pong", pong);                 // on beta
 * GlobalNames.send("pong", new Ping(self()));         // on any node of the cluster
 * }</pre>
 *
 * <p><b>Registration.</b> {@link #register} runs on the node the thread belongs to (its
 * <em>home</em>): it takes a lock on the name at every member node it knows, first at one
 * common node where registrars of one name queue, then at the others at once, and records the
 * name everywhere before it returns true. Two threads that register one name at the same
 * moment on connected nodes never both succeed. A name is freed when it is unregistered, when
 * its thread ends, or when its home is lost; a thread may hold several names.
 *
 * <p><b>Partitions.</b> Nodes that cannot reach each other register names independently. When
 * they meet again and two threads hold one name, the <b>older registration wins</b> (by the
 * registering node's clock, ties broken by node address): every node that sees both shows the
 * winner at once, and the loser's home frees the name and delivers {@link GlobalNameLost}
 * (naming the name and the winner) to the losing thread, once. Nothing is duplicated silently.
 *
 * <p><b>Reads.</b> {@link #whereis}, {@link #send} and {@link #registeredNames} read the calling
 * thread's node's view (else the JVM's default node): never blocking, never messaging. Names
 * are 1 to 255 characters. Limits: {@link ClusterLimits}.
 */
public final class GlobalNames {
    private GlobalNames() {
    }

    /**
     * Registers {@code name} for {@code thread} across the connected cluster: true once every
     * member its node knew when it began has recorded it (true also if the thread holds it
     * already); false if another thread holds it. A holder of the thread's own node that has
     * ended holds nothing, even before its end is announced; the end of a holder on another
     * node is seen here one message after that node sees it, so a register right after its
     * {@code Down} may return false. Blocks a few round trips; while a member is
     * being lost, until its loss is detected.
     *
     * @throws IllegalArgumentException if {@code thread} is not a thread of this JVM (register it
     *                                  on its own node), or the name is empty or too long
     * @throws NoSuchThreadException    if the thread has ended
     * @throws IllegalStateException    if its node is closed or hidden, or its threads hold
     *                                  {@link ClusterLimits#maxGlobalNames()} names, counting
     *                                  those whose registration is under way there
     * @throws io.threadwire.core.ThreadwireException if the cluster kept changing for twice the
     *                                  heartbeat timeout (plus the connect timeout)
     */
    public static boolean register(String name, ThreadRef thread) {
        checkName(name);
        LocalThread local = Groups.local(thread, "register");
        Node node = Groups.nodeOf(local);
        return (Boolean) Reply.ask(service(node), new NamesRequests.Register(name, local, new Reply()),
                NamesService.registrationTimeout(node.engine().clusterPort()).plus(Groups.bound(node)));
    }

    /**
     * Frees {@code name}, held by a thread of any member node (its home frees it); false if no
     * thread held it in this node's view, or its home was lost first. Blocks one round trip to
     * the home; while the home is being lost, until its loss is detected.
     */
    public static boolean unregister(String name) {
        checkName(name);
        Node node = Distributed.localNode();
        // The service answers once the home does or is lost: the bound must outlast the heartbeat
        // timeout, whatever the send timeout, or a silent home would fail the call before it says false.
        return (Boolean) Reply.ask(service(node), new NamesRequests.Unregister(name, new Reply()),
                NamesService.registrationTimeout(node.engine().clusterPort()).plus(Groups.bound(node)));
    }

    /** The thread that holds {@code name} in this node's view, or empty. Never blocks. */
    public static Optional<ThreadRef> whereis(String name) {
        Objects.requireNonNull(name, "name");
        return Distributed.localNode().services().nameViews().whereis(name);
    }

    /**
     * Sends {@code message} to the thread that holds {@code name} (Erlang's
     * {@code global:send}), as {@code send} would.
     *
     * @throws NoSuchThreadException if no thread holds the name in this node's view
     */
    public static void send(String name, Object message) {
        Objects.requireNonNull(message, "message");
        Node node = Distributed.localNode();
        ThreadRef holder = node.services().nameViews().whereis(Objects.requireNonNull(name, "name"))
                .orElseThrow(() -> new NoSuchThreadException(RemoteThread.named(node.address(), name),
                        "no thread holds the global name '" + name + "' in the view of node " + node.address()));
        Messaging.send(message, holder);
    }

    /** The names held in this node's view. Never blocks. */
    public static Set<String> registeredNames() {
        return Distributed.localNode().services().nameViews().names();
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > NamesService.MAX_NAME) {
            throw new IllegalArgumentException("a global name has 1 to " + NamesService.MAX_NAME + " characters, not "
                    + name.length());
        }
    }

    private static LocalThread service(Node node) {
        LocalThread s = node.services().names();
        if (s == null) {
            throw new IllegalStateException("node " + node.address() + " is hidden: it is no member of a cluster, and"
                    + " holds no global names");
        }
        if (node.isClosed()) {
            throw new IllegalStateException("node " + node.address() + " is closed");
        }
        return s;
    }

}
