package io.threadwire.tests.cluster;

import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;

/** How a thread of one node looks to the other nodes. */
final class Handles {
    private Handles() {
    }

    /** The handle other nodes hold for {@code thread}, a thread of {@code node}. */
    static RemoteThread.ById of(Node node, LocalThread thread) {
        return new RemoteThread.ById(node.address(), node.incarnation(), thread.id());
    }
}
