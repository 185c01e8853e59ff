package io.threadwire.samples;

import java.util.Arrays;
import java.util.List;

/**
 * The command-line entry point of the samples.
 *
 * <pre>
 *   demo, factor-logger             the Factor example across two JVMs (default)
 *   factor-client [host port]       Factor's client: "hello" to the logger, 5 to the adder and 8 back
 *   parigot-services                services located by name, futures and a polled ticket, two nodes of one JVM
 *   local                           threads of one JVM exchanging messages and a synchronous call
 *   cluster                         three nodes in one JVM with the test kit, a call between them, a cut link
 *   logger [port]                   a node (default port 9000) with a thread "logger" printing what it receives
 *   send [host port name message]   sends a message to a named thread (default 127.0.0.1 9000 logger hello)
 * </pre>
 *
 * Maven passes the whole command as one argument ({@code -Dsample="send 127.0.0.1 9000 logger hi"}),
 * so a single argument is split at spaces.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        List<String> words = args.length == 1 ? Arrays.asList(args[0].trim().split("\\s+")) : Arrays.asList(args);
        String command = words.isEmpty() || words.get(0).isEmpty() ? "demo" : words.get(0);
        List<String> rest = words.size() > 1 ? words.subList(1, words.size()) : List.of();
        switch (command) {
            case "demo", "factor-logger" -> LoggerDemo.runBothSides(rest);
            case "factor-client" -> LoggerDemo.runFactorClient(rest);
            case "parigot-services" -> ParigotDemo.run();
            case "local" -> LocalDemo.run();
            case "cluster" -> ClusterDemo.run();
            case "logger" -> LoggerDemo.runLogger(rest.isEmpty() ? LoggerDemo.PORT : Integer.parseInt(rest.get(0)));
            case "send" -> LoggerDemo.runSender(rest);
            default -> {
                System.err.println("unknown sample '" + command + "': use demo (factor-logger), factor-client [host port],"
                        + " parigot-services, local, cluster, logger [port] or send [host port name message]");
                System.exit(2);
            }
        }
    }
}
