package io.threadwire.distributed;

import io.threadwire.core.CallFailedException;
import io.threadwire.core.Messaging;
import io.threadwire.core.NoSuchThreadException;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.internal.cluster.ClusterServices;
import io.threadwire.distributed.internal.cluster.protocol.InspectProtocol;
import io.threadwire.distributed.internal.logging.PeerText;
import io.threadwire.distributed.internal.node.ClusterPort;
import java.time.Duration;
import java.util.Optional;

/** Calls from one node to the node service of another (or its own): what ping, remote whereis and {@link RemoteNode} do. */
final class NodeCalls {
    private NodeCalls() {
    }

    /**
     * Connects to {@code target} unless it is {@code node} itself, then asks its node service,
     * waiting at most {@code timeout} for each.
     *
     * @throws NodeUnreachableException if it cannot be reached or does not answer in time
     */
    static Object ask(Node node, NodeAddress target, InspectProtocol request, Duration timeout) {
        connect(node, target, timeout);
        return call(node, target, request, timeout);
    }

    /**
     * Opens (or finds) the connection to {@code target}; nothing for this node's own address,
     * nor for one the dial finds to reach this node (by another name): calls to it stay here.
     */
    static void connect(Node node, NodeAddress target, Duration timeout) {
        ClusterPort port = node.engine().clusterPort();
        if (port.isSelf(target)) {
            return;
        }
        try {
            port.connect(target, timeout);
        } catch (NodeUnreachableException e) {
            if (!port.isSelf(target)) {
                throw e;
            }
        }
    }

    /**
     * One call to the node service at {@code target}, over a connection that is up (or to this
     * node).
     *
     * @throws NodeUnreachableException if it does not answer in time, the connection is lost, or
     *                                  its node service answers that it failed
     */
    static Object call(Node node, NodeAddress target, InspectProtocol request, Duration timeout) {
        RemoteThread service = RemoteThread.named(target, ClusterServices.NODE);
        Object answer;
        try {
            answer = OnNode.call(node, () -> Messaging.sendSynchronous(request, service, timeout));
        } catch (ReceiveTimeoutException e) {
            throw new NodeUnreachableException(target, "its node service did not answer within " + timeout.toMillis()
                    + " ms", e);
        } catch (NoSuchThreadException e) {
            throw new NodeUnreachableException(target, "it runs no node service (an older threadwire?)", e);
        } catch (CallFailedException e) {
            throw new NodeUnreachableException(target, "the connection was lost before it answered", e);
        }
        if (answer instanceof InspectProtocol.Failed failed) { // its node service failed as it answered: said at once
            throw new NodeUnreachableException(target, "its node service failed to answer "
                    + request.getClass().getSimpleName() + ": " + PeerText.safe(failed.detail()), null);
        }
        return answer;
    }

    /** The round trip of a call to {@code target}'s node service, after connecting (not timed); empty if it fails. */
    static Optional<Duration> ping(Node node, NodeAddress target, Duration timeout) {
        try {
            connect(node, target, timeout);
            long start = System.nanoTime();
            call(node, target, new InspectProtocol.Ping(), timeout);
            return Optional.of(Duration.ofNanos(System.nanoTime() - start));
        } catch (NodeUnreachableException e) {
            return Optional.empty();
        }
    }
}
