package io.threadwire.samples;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.distributed.Distributed.*;

import io.threadwire.core.Down;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeUnreachableException;
import java.util.List;

/**
 * Factor's distributed example ({@link FactorLogger}): the node on port 9000 runs a thread
 * registered as "logger" that prints what it receives and one registered as "adder"; another
 * node, in another JVM, sends the logger "hello" by name and gets 8 back from the adder for 5.
 */
final class LoggerDemo {
    static final int PORT = 9000;

    private LoggerDemo() {
    }

    /** The receiving side: runs until the JVM is stopped. */
    static void runLogger(int port) throws InterruptedException {
        Node node = startNode(port);
        LocalThread logger = FactorLogger.startServices(node, -1, System.out);
        System.out.println("node " + node.address() + " is up; thread 'logger' prints what it receives (Ctrl-C stops)");
        awaitEnd(logger);
    }

    /** The sending side: one message to a named thread of another node. */
    static void runSender(List<String> args) {
        String host = args.size() > 0 ? args.get(0) : "127.0.0.1";
        int port = args.size() > 1 ? Integer.parseInt(args.get(1)) : PORT;
        String name = args.size() > 2 ? args.get(2) : "logger";
        String message = args.size() > 3 ? String.join(" ", args.subList(3, args.size())) : "hello";
        try (Node node = startNode(0)) {
            if (!reached(node, host, port)) {
                System.exit(1);
            }
            send(message, host, port, name);
            System.out.println("sent '" + message + "' to " + name + " at " + host + ":" + port);
        } // closing the node lets queued messages leave first
    }

    /** Factor's client: "hello" to the logger, then 5 to the adder and 8 back, by send and by call. */
    static void runFactorClient(List<String> args) {
        String host = args.size() > 0 ? args.get(0) : "127.0.0.1";
        int port = args.size() > 1 ? Integer.parseInt(args.get(1)) : PORT;
        try (Node node = startNode(0)) {
            FactorLogger.runClient(host, port, System.out);
        }
    }

    /**
     * Connects to the node at {@code host:port}, or says on standard error that it cannot and
     * returns false. A send never fails for the network, so without this a sender started before
     * the logger's node printed "sent 'hello'" for a message that went nowhere.
     */
    private static boolean reached(Node node, String host, int port) {
        try {
            node.connect(new NodeAddress(host, port), FactorLogger.PATIENCE);
            return true;
        } catch (NodeUnreachableException e) {
            System.err.println("cannot reach " + host + ":" + port + ": " + e.getMessage()
                    + " (is the logger's node up? start it with -Dsample=\"logger " + port + "\")");
            return false;
        }
    }

    /** Both sides: the logger and adder here, Factor's client in a second JVM started for the purpose. */
    static void runBothSides(List<String> args) throws Exception {
        int port = args.isEmpty() ? PORT : Integer.parseInt(args.get(0));
        try (Node node = startNode(port)) {
            LocalThread logger = FactorLogger.startServices(node, 1, System.out);
            System.out.println("node " + node.address() + ": threads 'logger' and 'adder' are registered;"
                    + " starting a second JVM to send the logger 'hello' and the adder 5");
            Process sender = SecondJvm.start("factor-client 127.0.0.1 " + node.address().port());
            awaitEnd(logger);
            SecondJvm.awaitSuccess(sender);
            System.out.println("done: 'hello' went from one JVM to the other by name");
        }
    }

    private static void awaitEnd(LocalThread thread) {
        monitor(thread);
        Down down = receive(Down.class);
        if (!down.reason().isNormal()) {
            throw new IllegalStateException("logger ended: " + down.reason());
        }
    }
}
