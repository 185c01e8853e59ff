package io.threadwire.tests.cluster;

import static io.threadwire.core.Messaging.receive;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Groups;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.Timeouts;
import io.threadwire.tests.support.Tolerant;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The other JVM of {@link TwoJvmClusterTest}: {@code ClusterChild <seed host:port> <name> <group>}
 * starts a node named {@code name} on a free port of 127.0.0.1 whose seed is the given address
 * (secret from {@code THREADWIRE_SECRET}), has a thread of it join {@code group}, and prints
 * {@code READY <port>}. It then prints {@code SEES <host:port>} once its view of the group holds
 * a member of another node (that node's address), or {@code GAVE-UP} if none came within
 * {@link Timeouts#LONG}. It exits when its stdin closes.
 */
public final class ClusterChild {
    private ClusterChild() {
    }

    public static void main(String[] args) throws IOException {
        NodeAddress seed = NodeAddress.parse(args[0]);
        String group = args[2];
        PrintStream out = System.out;
        Node node = Node.start(Tolerant.tolerant(NodeConfig.builder()).host("127.0.0.1").port(0).name(args[1])
                .seeds(seed).build());
        LocalThread member = node.spawn(() -> receive());
        node.spawn(() -> {
            Groups.join(group, member);
            Groups.monitor(group);
            long deadline = System.nanoTime() + Timeouts.LONG.toNanos();
            try {
                for (;;) {
                    receive(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                    for (ThreadRef t : Groups.members(group)) {
                        if (t instanceof RemoteThread r) {
                            out.println("SEES " + r.node());
                            out.flush();
                            return;
                        }
                    }
                }
            } catch (ReceiveTimeoutException e) {
                out.println("GAVE-UP");
                out.flush();
            }
        });
        out.println("READY " + node.address().port());
        out.flush();
        while (System.in.read() != -1) {
            // the parent never writes; end of file means it is done with us
        }
        node.close();
        System.exit(0);
    }
}
