package io.threadwire.tests.support;

import static io.threadwire.core.Messaging.*;

import io.threadwire.core.LocalThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import java.io.IOException;

/**
 * The other JVM of the multi-process tests: a node on a free port of 127.0.0.1 (secret from
 * {@code THREADWIRE_SECRET}) with a thread registered as "worker" that answers every
 * synchronous call with "ok". Prints {@code READY <port>} and exits when its stdin closes.
 */
public final class ChildNode {
    private ChildNode() {
    }

    public static void main(String[] args) throws IOException {
        // Heartbeats every 200 ms, so that the parent's failure detector can be tested with a short timeout.
        Node node = Node.start(NodeConfig.builder().port(0).host("127.0.0.1")
                .heartbeatInterval(java.time.Duration.ofMillis(200)).build());
        LocalThread worker = node.spawn(() -> {
            for (;;) {
                handleSynchronous(x -> "ok");
            }
        });
        node.registerRemoteThread(worker, "worker");
        System.out.println("READY " + node.address().port());
        System.out.flush();
        while (System.in.read() != -1) {
            // the parent never writes; end of file means it is done with us
        }
        node.close();
        System.exit(0);
    }
}
