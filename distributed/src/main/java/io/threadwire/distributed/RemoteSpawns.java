package io.threadwire.distributed;

import io.threadwire.core.CallFailedException;
import io.threadwire.core.Messaging;
import io.threadwire.core.MonitorRef;
import io.threadwire.core.NoSuchThreadException;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.distributed.RemoteSpawnException.Reason;
import io.threadwire.distributed.internal.cluster.ClusterServices;
import io.threadwire.distributed.internal.cluster.protocol.SpawnProtocol;
import io.threadwire.distributed.internal.cluster.spawn.Spawnables;
import io.threadwire.distributed.internal.node.ClusterPort;
import io.threadwire.serialize.ClassNotAdmittedException;
import io.threadwire.serialize.MalformedMessageException;
import io.threadwire.serialize.MessageTooLargeException;
import java.time.Duration;
import java.util.Objects;

/**
 * The caller's side of a spawn by name on a node ({@link Node#spawn(NodeAddress, String, Object)}):
 * one synchronous call to that node's node service.
 *
 * <p>A linked spawn on another node is that one call, as Erlang's {@code spawn_request} with
 * {@code link}: the node links the new thread to the caller before it runs, and the link
 * reaches the caller's node before the answer, on one connection. So the new thread never runs
 * unlinked: if the connection is lost first, it is told {@code noconnection} as the caller is
 * (by its pending call, or this spawn's {@code NODE_LOST}).
 *
 * <p>A monitored spawn, and a linked one on this very node, is gated: the new thread waits for a
 * start signal, which the caller sends once it has made the monitor or link, behind it on one
 * connection, so the new thread's node has the monitor before the thread runs: its end, however
 * early, is reported with its real reason.
 */
final class RemoteSpawns {
    /** How the caller watches the new thread. */
    enum Watch { NONE, LINK, MONITOR }

    private RemoteSpawns() {
    }

    /** The new thread, and the caller's monitor of it for {@link Watch#MONITOR} (else null). */
    record Started(ThreadRef thread, MonitorRef monitor) {
    }

    static Started spawn(Node node, NodeAddress target, String behaviour, Object args, Watch watch) {
        Objects.requireNonNull(target, "node");
        Objects.requireNonNull(behaviour, "behaviour");
        Objects.requireNonNull(args, "args (List.of() for none)");
        if (behaviour.isEmpty() || behaviour.length() > Spawnables.MAX_NAME) {
            throw new IllegalArgumentException("a behaviour's name has 1 to " + Spawnables.MAX_NAME + " characters, not "
                    + behaviour.length());
        }
        if (watch != Watch.NONE && LocalThreads.currentOwner() != node.transport()) {
            throw new IllegalStateException((watch == Watch.LINK ? "spawnLinked links" : "spawnMonitor monitors")
                    + " the calling thread: call it from a thread of node " + node.address());
        }
        ClusterPort port = node.engine().clusterPort();
        byte[] encoded;
        try {
            encoded = port.encode(args);
        } catch (ClassNotAdmittedException | MalformedMessageException | MessageTooLargeException
                 | IllegalArgumentException e) {
            throw new RemoteSpawnException(Reason.ARGUMENTS_REFUSED, target, behaviour,
                    "this node cannot send them: " + e.getMessage(), e);
        }
        Duration timeout = port.config().timeouts().connect();
        try {
            NodeCalls.connect(node, target, timeout); // none to this node, by any name: the call below stays here
        } catch (NodeUnreachableException e) {
            throw new RemoteSpawnException(Reason.NODE_UNREACHABLE, target, behaviour, e.getMessage(), e);
        }
        // That node links the new thread before it runs; asked after the connect, which may find
        // that the target is this node by another name (the call then stays here, gated).
        boolean linkedThere = watch == Watch.LINK && !port.isSelf(target);
        SpawnProtocol.Request request = new SpawnProtocol.Request(behaviour, encoded, args.getClass().getName(),
                watch != Watch.NONE && !linkedThere, linkedThere);
        SpawnProtocol.Reply reply = call(node, target, behaviour, request, timeout);
        switch (reply.status()) {
            case SpawnProtocol.OK -> {
            }
            case SpawnProtocol.UNKNOWN_BEHAVIOUR -> throw refused(Reason.UNKNOWN_BEHAVIOUR, target, behaviour, reply);
            case SpawnProtocol.ARGUMENTS_REFUSED -> throw refused(Reason.ARGUMENTS_REFUSED, target, behaviour, reply);
            case SpawnProtocol.LIMIT -> throw refused(Reason.LIMIT, target, behaviour, reply);
            case SpawnProtocol.START_FAILED -> throw refused(Reason.START_FAILED, target, behaviour, reply);
            default -> throw new RemoteSpawnException(Reason.NODE_LOST, target, behaviour,
                    "it answered with an unknown status " + reply.status(), null);
        }
        ThreadRef child = reply.child();
        if (child == null) { // what a broken or hostile node could send: never handed on as a null handle
            throw new RemoteSpawnException(Reason.NODE_LOST, target, behaviour, "it answered OK with no thread (a"
                    + " broken or hostile node)", null);
        }
        if (watch == Watch.NONE || linkedThere) {
            return new Started(child, null);
        }
        MonitorRef monitor = null;
        if (watch == Watch.LINK) {
            Messaging.link(child);
        } else {
            monitor = Messaging.monitor(child);
        }
        Messaging.send(new SpawnProtocol.Go(), child); // behind the link or monitor, on the same connection
        return new Started(child, monitor);
    }

    private static SpawnProtocol.Reply call(Node node, NodeAddress target, String behaviour,
                                            SpawnProtocol.Request request, Duration timeout) {
        RemoteThread service = RemoteThread.named(target, ClusterServices.NODE);
        try {
            Object answer = OnNode.call(node, () -> Messaging.sendSynchronous(request, service, timeout));
            if (answer instanceof SpawnProtocol.Reply reply) {
                return reply;
            }
            // A broken or hostile node: said as any failure of the spawn, not as a ClassCastException
            throw new RemoteSpawnException(Reason.NODE_LOST, target, behaviour, "it answered with "
                    + (answer == null ? "nothing" : "a " + answer.getClass().getName()) + ", not a spawn answer (a"
                    + " broken or hostile node); the thread may have started there", null);
        } catch (ReceiveTimeoutException e) {
            throw new RemoteSpawnException(Reason.NODE_LOST, target, behaviour, "it did not answer within "
                    + timeout.toMillis() + " ms; the thread may have started there", e);
        } catch (NoSuchThreadException e) {
            throw new RemoteSpawnException(Reason.NODE_UNREACHABLE, target, behaviour,
                    "it runs no node service (an older threadwire?)", e);
        } catch (CallFailedException e) {
            throw new RemoteSpawnException(Reason.NODE_LOST, target, behaviour, "the connection was lost before it"
                    + " answered; the thread may have started there", e);
        }
    }

    private static RemoteSpawnException refused(Reason reason, NodeAddress target, String behaviour,
                                                SpawnProtocol.Reply reply) {
        return new RemoteSpawnException(reason, target, behaviour, reply.detail(), null);
    }
}
