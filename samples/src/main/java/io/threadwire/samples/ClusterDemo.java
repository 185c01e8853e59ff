package io.threadwire.samples;

import static io.threadwire.core.Messaging.*;

import io.threadwire.core.Down;
import io.threadwire.core.ExitReason;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;

/**
 * The test kit outside any test framework: three nodes in one JVM, a call from a thread of the
 * first to a registered thread of the third, then the link between them cut while the caller
 * monitors the callee. {@link Cluster#close} checks that nothing is left over.
 *
 * <p>This program depends on {@code threadwire-testkit} alone, without declaring JUnit: if the
 * test kit ever again needs its users to add JUnit by hand, the samples stop compiling.
 */
final class ClusterDemo {
    private ClusterDemo() {
    }

    static void run() {
        try (Cluster cluster = Cluster.start(3)) {
            Node first = cluster.node(0), third = cluster.node(2);
            third.registerRemoteThread(third.spawn(() -> {
                for (;;) {
                    handleSynchronous(question -> question + " answered by " + third.address());
                }
            }), "echo");
            Object reply = cluster.call(first, () -> sendSynchronous("ping", third.remoteThread("echo")));
            System.out.println("node " + first.address() + " called 'echo': " + reply);
            ExitReason reason = cluster.call(first, () -> {
                monitor(third.remoteThread("echo"));
                cluster.disconnect(first, third);
                return receive(Down.class).reason();
            });
            System.out.println("after cutting the link, its monitor says: " + reason);
        }
        System.out.println("done: three nodes in one JVM, closed with nothing left over");
    }
}
