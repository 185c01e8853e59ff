package io.threadwire.samples;

import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.sendAfter;
import static io.threadwire.distributed.Distributed.startNode;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeUnreachableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link AvmPingPong} on nodes named alpha and beta, as AVM's tutorial names them: alpha
 * here and beta in a second JVM, or one node by hand.
 */
final class AvmDemo {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private AvmDemo() {
    }

    /** {@code avm-pingpong [rounds]}: alpha here, beta in a second JVM that is killed at the end. */
    static void runBothSides(List<String> args) throws Exception {
        int rounds = args.isEmpty() ? 3 : Integer.parseInt(args.get(0));
        int betaPort = freePort();
        Process beta = SecondJvm.start("avm-beta " + betaPort);
        try (Node alpha = startNode(NodeConfig.builder().name("alpha").port(0).build())) {
            LocalThread directory = AvmPingPong.startDirectory(alpha, System.out);
            runAlpha(alpha, directory, new NodeAddress("127.0.0.1", betaPort), rounds);
            System.out.println("alpha: killing beta");
            beta.destroyForcibly();
            awaitPong(directory, false);
            System.out.println("done: " + rounds + " rounds of ping-pong across two JVMs; alpha dropped pong when beta died");
        } finally {
            beta.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** {@code avm-beta [port]}: beta, hosting pong, until the JVM is stopped. */
    static void runBeta(List<String> args) throws InterruptedException {
        int port = args.isEmpty() ? 9002 : Integer.parseInt(args.get(0));
        Node beta = startNode(NodeConfig.builder().name("beta").port(port).build());
        System.out.println("beta: node " + beta.address() + " is up");
        AvmPingPong.startPong(beta, System.out);
        new CountDownLatch(1).await();
    }

    /**
     * {@code avm-alpha [port] [beta host:port] [rounds]}: alpha, hosting ping and the
     * orchestrator; after the rounds it stays up, its directory following pong, until the JVM is
     * stopped.
     */
    static void runAlpha(List<String> args) throws Exception {
        int port = args.isEmpty() ? 9001 : Integer.parseInt(args.get(0));
        NodeAddress beta = NodeAddress.parse(args.size() > 1 ? args.get(1) : "127.0.0.1:9002");
        int rounds = args.size() > 2 ? Integer.parseInt(args.get(2)) : 3;
        Node alpha = startNode(NodeConfig.builder().name("alpha").port(port).build());
        System.out.println("alpha: node " + alpha.address() + " is up");
        runAlpha(alpha, AvmPingPong.startDirectory(alpha, System.out), beta, rounds);
        System.out.println("alpha: staying up; stop beta to see pong dropped, Ctrl-C to end");
        new CountDownLatch(1).await();
    }

    /** Connects alpha to beta, waits until the directory knows pong, and plays the rounds (on main: alpha is the default node). */
    private static void runAlpha(Node alpha, LocalThread directory, NodeAddress beta, int rounds) {
        connect(alpha, beta);
        ThreadRef pong = awaitPong(directory, true).orElseThrow();
        AvmPingPong.runPing(pong, rounds, System.out);
    }

    /** Connects to beta, trying again while its JVM starts. */
    private static void connect(Node alpha, NodeAddress beta) {
        Instant end = Instant.now().plus(PATIENCE);
        for (;;) {
            try {
                alpha.connect(beta);
                return;
            } catch (NodeUnreachableException e) {
                if (Instant.now().isAfter(end)) {
                    throw e;
                }
                pause();
            }
        }
    }

    /** Asks the directory until pong is there ({@code present}) or gone. */
    private static Optional<ThreadRef> awaitPong(LocalThread directory, boolean present) {
        Instant end = Instant.now().plus(PATIENCE);
        for (;;) {
            Optional<ThreadRef> pong = AvmPingPong.whereIsPong(directory);
            if (pong.isPresent() == present) {
                return pong;
            }
            if (Instant.now().isAfter(end)) {
                throw new IllegalStateException("the directory did not " + (present ? "learn of" : "drop") + " pong in " + PATIENCE);
            }
            pause();
        }
    }

    private static void pause() {
        sendAfter(Duration.ofMillis(100), "again", self());
        receiveIf("again"::equals);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
