package io.threadwire.distributed;

import io.threadwire.distributed.internal.node.PeerEvent;
import java.util.function.Function;

/**
 * How the engine's peer events read to a thread that {@link Node#monitorNodes() monitors nodes}:
 * only visible connections count, those whose two ends are both not hidden (Erlang's
 * {@code monitor_nodes}), so a hidden node reports nothing, and no node reports a hidden one.
 */
final class NodeEvents {
    private NodeEvents() {
    }

    /** The mapper for a node that is {@code hidden} or not: an event, or null for a connection that is not visible. */
    static Function<PeerEvent, Object> forNode(boolean hidden) {
        return e -> hidden ? null : of(e);
    }

    /** The event for {@code e}, or null if it is about a hidden node. */
    private static Object of(PeerEvent e) {
        if (e.peer().hidden()) {
            return null;
        }
        return switch (e) {
            case PeerEvent.PeerUp u -> new NodeUp(u.peer().address(), u.peer().incarnation(), u.peer().name());
            case PeerEvent.PeerDown d -> new NodeDown(d.peer().address(), d.reason(), d.peer().name());
        };
    }
}
