package io.threadwire.tests.kit;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;

import io.threadwire.core.Down;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeDown;
import io.threadwire.testkit.Worker;

/**
 * What a user of a fault watches from one node: a thread of {@code self} that monitors the
 * "echo" thread of {@code other} and {@code other} itself, with the monitor in place on the other
 * side before it says it is ready; it then waits for the {@code Down} and the {@code NodeDown}.
 * (A node monitor hears {@code NodeUp} only for connections made after it: none here, if the
 * nodes were connected already.)
 */
final class Watch {
    /** What a watch saw. */
    record Seen(Down down, NodeDown nodeDown) {
    }

    /** Said to the starter once the monitors are in place. */
    record Ready(Node self) {
    }

    private Watch() {
    }

    /** Registers an "echo" thread on {@code node} that answers every call with its request's data. */
    static RemoteThread echo(Node node) {
        LocalThread echo = node.spawn("echo", () -> {
            for (;;) {
                handleSynchronous(x -> x);
            }
        });
        node.registerRemoteThread(echo, "echo");
        return node.remoteThread("echo");
    }

    /**
     * Starts a watch on {@code self} of {@code other}'s echo (which must be registered) and
     * waits until it is in place.
     */
    static Worker<Seen> start(Node self, Node other) {
        LocalThread starter = self();
        Worker<Seen> w = Worker.start(self, "watch-" + other.address().port(), () -> {
            self.monitorNode(other.address());
            RemoteThread echo = other.remoteThread("echo");
            monitor(echo);
            sendSynchronous("in place?", echo, LONG); // the monitor went first on the same connection
            send(new Ready(self), starter);
            Down down = receive(Down.class, LONG);
            NodeDown nodeDown = receive(NodeDown.class, LONG);
            return new Seen(down, nodeDown);
        });
        receive(Ready.class, LONG);
        return w;
    }
}
