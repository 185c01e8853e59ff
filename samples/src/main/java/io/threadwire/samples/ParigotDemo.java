package io.threadwire.samples;

import static io.threadwire.distributed.Distributed.startNode;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeUnreachableException;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link ParigotServices} on nodes named service and program: the service here and the
 * program in a second JVM, or one side by hand.
 */
final class ParigotDemo {
    static final int PORT = 9300;
    /** What the program's slow sum must come to: 1 + 2 + ... + 1,000,000. */
    private static final long SUM = 1_000_000L * 1_000_001L / 2;

    private ParigotDemo() {
    }

    /**
     * {@code parigot-services [port]}: the service here (on a free port unless one is given), the
     * program in a second JVM; ends when the program has its sum, which its exit code confirms.
     */
    static void runBothSides(List<String> args) throws Exception {
        int port = args.isEmpty() ? 0 : Integer.parseInt(args.get(0));
        try (Node service = startNode(NodeConfig.builder().name("service").port(port).build())) {
            ParigotServices.startGreetingService(service, System.out);
            SecondJvm.awaitSuccess(SecondJvm.start("parigot-program " + service.address())); // exit 0: the sum is right
            System.out.println("done: the sum of 1..1000000 is " + SUM + ", from a service located by name in another JVM");
        }
    }

    /** {@code parigot-service [port]}: the greeting service, until the JVM is stopped. */
    static void runService(List<String> args) throws InterruptedException {
        int port = args.isEmpty() ? PORT : Integer.parseInt(args.get(0));
        Node service = startNode(NodeConfig.builder().name("service").port(port).build());
        ParigotServices.startGreetingService(service, System.out);
        new CountDownLatch(1).await();
    }

    /** {@code parigot-program [host:port]}: the program; exits with 1 if it cannot locate the service or the sum is wrong. */
    static void runProgram(List<String> args) {
        NodeAddress service = NodeAddress.parse(args.isEmpty() ? "127.0.0.1:" + PORT : args.get(0));
        long sum;
        try (Node program = startNode(NodeConfig.builder().name("program").port(0).build())) {
            sum = ParigotServices.runProgram(service, System.out); // main sends through the default node
        } catch (NodeUnreachableException | IllegalStateException cannotLocate) {
            System.err.println("parigot-program: " + cannotLocate.getMessage());
            sum = -1;
        }
        if (sum != SUM) {
            System.exit(1);
        }
    }
}
