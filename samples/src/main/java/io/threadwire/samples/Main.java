package io.threadwire.samples;

import io.threadwire.core.ThreadwireException;
import java.util.Arrays;
import java.util.List;

/**
 * The command-line entry point of the samples.
 *
 * <pre>
 *   demo, factor-logger             the Factor example across two JVMs (default)
 *   factor-client [host port]       Factor's client: "hello" to the logger, 5 to the adder and 8 back
 *   anyevent-mp                     the AnyEvent::MP tutorial: seed, sender, chat clients here; receiver, chat server in JVMs of their own
 *   anyevent-seed [port]            the tutorial's seed node (default port 4040), until stopped
 *   anyevent-receiver|-sender|-chat-server [seed]   one part of it, joining through the seed
 *   anyevent-chat-client nick [seed] a chat client; each line typed is said
 *   avm-pingpong [rounds]           AVM's ping-pong: alpha here, beta (hosting pong) in a second JVM, killed at the end
 *   avm-beta [port]                 beta alone (default port 9002), until stopped
 *   avm-alpha [port] [beta] [rounds] alpha alone (default 9001, beta 127.0.0.1:9002, 3 rounds), then until stopped
 *   maggie-counter [port]           Maggie's distributed counter: the server here, the client in a second JVM
 *   maggie-server [port]            the counter's server alone (default port 9200)
 *   maggie-client [host port]       the counter's client alone
 *   parigot-services [port]         parigot's services: the greeting service here (a free port), the program in a second JVM
 *   parigot-service [port]          the greeting service alone (default port 9300), until stopped
 *   parigot-program [host:port]     the program alone: locates the service, calls it, polls a ticket
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
        try {
            run(command, rest);
        } catch (NumberFormatException e) { // a port or a count that is no number: the user's to fix
            System.err.println("sample '" + command + "': a port or a count is a whole number (" + e.getMessage()
                    + "); run an unknown sample name to see each sample's arguments");
            System.exit(2);
        } catch (ThreadwireException e) { // a port taken, a node unreachable: said without a stack trace
            System.err.println("sample '" + command + "' failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String command, List<String> rest) throws Exception {
        switch (command) {
            case "demo", "factor-logger" -> LoggerDemo.runBothSides(rest);
            case "factor-client" -> LoggerDemo.runFactorClient(rest);
            case "anyevent-mp" -> AnyEventDemo.runAll();
            case "anyevent-seed" -> AnyEventDemo.runSeed(rest);
            case "anyevent-receiver" -> AnyEventDemo.runPart("receiver", rest);
            case "anyevent-sender" -> AnyEventDemo.runPart("sender", rest);
            case "anyevent-chat-server" -> AnyEventDemo.runPart("chat-server", rest);
            case "anyevent-chat-client" -> AnyEventDemo.runChatClient(rest);
            case "avm-pingpong" -> AvmDemo.runBothSides(rest);
            case "avm-beta" -> AvmDemo.runBeta(rest);
            case "avm-alpha" -> AvmDemo.runAlpha(rest);
            case "maggie-counter" -> MaggieDemo.runBothSides(rest);
            case "maggie-server" -> MaggieDemo.runServer(rest);
            case "maggie-client" -> MaggieDemo.runClient(rest);
            case "parigot-services" -> ParigotDemo.runBothSides(rest);
            case "parigot-service" -> ParigotDemo.runService(rest);
            case "parigot-program" -> ParigotDemo.runProgram(rest);
            case "local" -> LocalDemo.run();
            case "cluster" -> ClusterDemo.run();
            case "logger" -> LoggerDemo.runLogger(rest.isEmpty() ? LoggerDemo.PORT : Integer.parseInt(rest.get(0)));
            case "send" -> LoggerDemo.runSender(rest);
            default -> {
                System.err.println("unknown sample '" + command + "': use demo (factor-logger), factor-client [host port],"
                        + " anyevent-mp (and its parts), avm-pingpong [rounds], avm-beta [port], avm-alpha [port beta rounds],"
                        + " maggie-counter [port], maggie-server [port], maggie-client [host port],"
                        + " parigot-services [port], parigot-service [port], parigot-program [host:port], local, cluster, logger [port] or send [host port name message]");
                System.exit(2);
            }
        }
    }
}
