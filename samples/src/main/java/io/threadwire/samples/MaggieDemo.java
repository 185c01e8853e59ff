package io.threadwire.samples;

import static io.threadwire.distributed.Distributed.startNode;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link MaggieCounter}: both sides (the client in a second JVM), or one side by hand; the
 * nodes are named server and client.
 */
final class MaggieDemo {
    static final int PORT = 9200;

    private MaggieDemo() {
    }

    /** The server here, the client in a second JVM; ends when the client has its total. */
    static void runBothSides(List<String> args) throws Exception {
        int port = args.isEmpty() ? PORT : Integer.parseInt(args.get(0));
        try (Node node = startNode(NodeConfig.builder().name("server").port(port).build())) {
            MaggieCounter.startCounter(node, 1, System.out);
            SecondJvm.awaitSuccess(SecondJvm.start("maggie-client 127.0.0.1 " + node.address().port()));
            System.out.println("done: five increments counted and confirmed across two JVMs");
        }
    }

    /** The server: runs until the JVM is stopped. */
    static void runServer(List<String> args) throws InterruptedException {
        int port = args.isEmpty() ? PORT : Integer.parseInt(args.get(0));
        Node node = startNode(NodeConfig.builder().name("server").port(port).build());
        MaggieCounter.startCounter(node, -1, System.out);
        new CountDownLatch(1).await();
    }

    /** The client; exits with 1 if the server cannot be reached or the total is not 150. */
    static void runClient(List<String> args) {
        String host = args.size() > 0 ? args.get(0) : "127.0.0.1";
        int port = args.size() > 1 ? Integer.parseInt(args.get(1)) : PORT;
        long total;
        try (Node node = startNode(NodeConfig.builder().name("client").port(0).build())) {
            total = MaggieCounter.runClient(node, new NodeAddress(host, port), System.out); // main sends through the default node
        }
        if (total != 150) {
            System.exit(1);
        }
    }
}
