package io.threadwire.samples;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.send;

import io.threadwire.core.LocalThread;
import io.threadwire.distributed.Groups;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link AnyEventMp}: the whole tutorial, with the receiver and the chat server in JVMs of
 * their own (or on nodes of this JVM, for a test), or one part per terminal as the tutorial does.
 */
public final class AnyEventDemo {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private AnyEventDemo() {
    }

    /**
     * {@code anyevent-mp}: the seed, the sender and the chat clients here; the receiver and the
     * chat server each in a second JVM, told only the seed's address, as the tutorial's programs are.
     */
    static void runAll() throws Exception {
        Transcript out = new Transcript(System.out);
        List<Process> others = new ArrayList<>();
        try (Node seed = Node.start(NodeConfig.builder().name("seed").port(0).build()); Node clients = seeded(seed, "")) {
            seed.spawn("announce-nodes", () -> AnyEventMp.announceNodes(seed, out));
            run(out, seed, clients,
                    () -> others.add(SecondJvm.start("anyevent-receiver " + seed.address())),
                    () -> others.add(SecondJvm.start("anyevent-chat-server " + seed.address())));
        } finally {
            for (Process jvm : others) {
                SecondJvm.stop(jvm);
            }
        }
        System.out.println("done: the tutorial's messages, groups, seed, mon/kil and chat (the server restarted by its supervisor)");
    }

    /**
     * The whole tutorial on four nodes of this JVM: the seed (which also runs the sender) and three
     * it seeds, one for the receiver, one for the chat server and one for the clients; prints to
     * {@code out} and returns when the chat has gone on after its server crashed and was restarted.
     */
    public static void runInOneJvm(Transcript out, Node seed, Node receivers, Node server, Node clients) throws Exception {
        run(out, seed, clients,
                () -> receivers.spawn("receiver", () -> AnyEventMp.receiver(out)),
                () -> onThreadOf(server, () -> AnyEventMp.superviseChatServer(out)));
    }

    /** Starts a part of the tutorial somewhere. */
    @FunctionalInterface
    private interface Part {
        void start() throws Exception;
    }

    /**
     * The tutorial's steps, waiting for each on what this JVM prints: the seed runs the sender;
     * alice and bob, the chat clients, run on {@code clients} and print what is relayed to them.
     */
    private static void run(Transcript out, Node seed, Node clients, Part receiver, Part chatServer) throws Exception {
        AnyEventMp.firstMessage(out);
        out.println("seed node " + seed.address() + "; the other nodes find each other through it");
        receiver.start();
        seed.spawn("sender", () -> AnyEventMp.sender(Integer.MAX_VALUE, out)); // every second until the seed closes
        out.await(" to 1 receiver(s)", 2, PATIENCE);
        onThreadOf(seed, () -> AnyEventMp.monAndKil(out));

        chatServer.start();
        LocalThread alice = clients.spawn("alice", () -> AnyEventMp.chatClient("alice", out));
        LocalThread bob = clients.spawn("bob", () -> AnyEventMp.chatClient("bob", out));
        out.awaitLine("alice (joins)", 1, PATIENCE); // each client prints what the server relays to it
        out.awaitLine("bob (joins)", 1, PATIENCE);
        AnyEventMp.say(alice, "hello");
        out.awaitLine("alice: hello", 2, PATIENCE);

        int aliceJoined = out.lines("alice (joins)"), bobJoined = out.lines("bob (joins)");
        onThreadOf(clients, () -> { // the server crashes; its supervisor starts it again
            Groups.members(AnyEventMp.CHAT_SERVER).forEach(server -> send(AnyEventMp.tagged("crash"), server));
            return null;
        });
        out.await("disconnected ", 2, PATIENCE);
        out.awaitLine("alice (joins)", aliceJoined + 1, PATIENCE);
        out.awaitLine("bob (joins)", bobJoined + 1, PATIENCE);
        AnyEventMp.say(bob, "still here?");
        out.awaitLine("bob: still here?", 2, PATIENCE);
    }

    /**
     * {@code anyevent-seed [port]}: a node named seed that other nodes use as their seed, until
     * stopped; it prints each node that connects to it or is lost.
     */
    static void runSeed(List<String> args) throws InterruptedException {
        int port = args.isEmpty() ? 4040 : Integer.parseInt(args.get(0));
        Node seed = Node.start(NodeConfig.builder().name("seed").port(port).build());
        seed.spawn("announce-nodes", () -> AnyEventMp.announceNodes(seed, System.out));
        System.out.println("seed node " + seed.address() + " is up");
        new CountDownLatch(1).await();
    }

    /**
     * {@code anyevent-receiver [seed]}, {@code anyevent-sender [seed]}, {@code anyevent-chat-server
     * [seed]}, on nodes named as the tutorial names them (eg_receiver, eg_sender; the chat's
     * nodes have none).
     */
    static void runPart(String part, List<String> args) throws Exception {
        String name = switch (part) {
            case "receiver" -> "eg_receiver";
            case "sender" -> "eg_sender";
            default -> "";
        };
        Node node = Node.start(NodeConfig.builder().name(name).port(0)
                .seeds(args.isEmpty() ? "127.0.0.1:4040" : args.get(0)).build());
        switch (part) {
            case "receiver" -> node.spawn("receiver", () -> AnyEventMp.receiver(System.out));
            case "sender" -> node.spawn("sender", () -> AnyEventMp.sender(Integer.MAX_VALUE, System.out));
            default -> onThreadOf(node, () -> AnyEventMp.superviseChatServer(System.out));
        }
        new CountDownLatch(1).await();
    }

    /** {@code anyevent-chat-client nick [seed]}: a chat client; each line typed is said. */
    static void runChatClient(List<String> args) throws Exception {
        String nick = args.isEmpty() ? "nick1" : args.get(0);
        Node node = Node.start(NodeConfig.builder().port(0).seeds(args.size() > 1 ? args.get(1) : "127.0.0.1:4040").build());
        LocalThread client = node.spawn(nick, () -> AnyEventMp.chatClient(nick, System.out));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            AnyEventMp.say(client, line);
        }
        node.close();
    }

    private static Node seeded(Node seed, String name) {
        // tag::seeded[]
        return Node.start(NodeConfig.builder().name(name).port(0).seeds(seed.address().toString()).build());
        // end::seeded[]
    }

    /** Runs {@code work} on a new thread of {@code node}, which then stays until the node closes (a supervisor's parent must). */
    private static <T> T onThreadOf(Node node, Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        node.spawn(() -> {
            try {
                result.complete(work.call());
                receive(); // keeps a supervisor's parent alive until the node closes
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(2, TimeUnit.MINUTES);
    }
}
