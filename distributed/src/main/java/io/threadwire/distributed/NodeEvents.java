package io.threadwire.distributed;

import io.threadwire.distributed.internal.node.PeerEvent;

/** How the engine's peer events read to a thread that {@link Node#monitorNodes() monitors nodes}: hidden nodes left out. */
final class NodeEvents {
    private NodeEvents() {
    }

    /** The event for {@code e}, or null if it is about a hidden node. */
    static Object of(PeerEvent e) {
        if (e.peer().hidden()) {
            return null;
        }
        return switch (e) {
            case PeerEvent.PeerUp u -> new NodeUp(u.peer().address(), u.peer().incarnation());
            case PeerEvent.PeerDown d -> new NodeDown(d.peer().address(), d.reason());
        };
    }
}
