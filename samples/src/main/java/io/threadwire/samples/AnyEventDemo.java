package io.threadwire.samples;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.send;

import io.threadwire.core.LocalThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link AnyEventMp}: the whole tutorial on nodes of one JVM that find each other through a
 * seed, or one part per terminal as the tutorial does.
 */
public final class AnyEventDemo {
    private AnyEventDemo() {
    }

    /** {@code anyevent-mp}: every part, on a seed node and three nodes seeded by it. */
    static void runAll() throws Exception {
        Transcript out = new Transcript(System.out);
        run(out);
        System.out.println("done: the tutorial's messages, groups, seed, mon/kil and chat (the server restarted by its supervisor)");
    }

    /** Every part, printing to {@code out}; returns when the chat has gone on after its server restarted. */
    public static void run(Transcript out) throws Exception {
        Duration patience = Duration.ofSeconds(60);
        AnyEventMp.firstMessage(out);
        try (Node seed = Node.start(NodeConfig.builder().name("seed").port(0).build());
             Node receivers = seeded(seed, "eg_receiver"); Node server = seeded(seed, ""); Node clients = seeded(seed, "")) {
            out.println("seed node " + seed.address() + "; three more nodes find each other through it");
            receivers.spawn("receiver", () -> AnyEventMp.receiver(out));
            out.await("receiver ready", patience);
            onThreadOf(seed, () -> {
                AnyEventMp.sender(3, out);
                return null;
            });
            out.await("Received data: ", patience);
            onThreadOf(seed, () -> AnyEventMp.monAndKil(out));

            onThreadOf(server, () -> AnyEventMp.superviseChatServer(out));
            LocalThread alice = clients.spawn("alice", () -> AnyEventMp.chatClient("alice", out));
            LocalThread bob = clients.spawn("bob", () -> AnyEventMp.chatClient("bob", out));
            out.await("relaying: bob (joins)", patience);
            out.await("relaying: alice (joins)", patience);
            AnyEventMp.say(alice, "hello");
            out.await("relaying: alice: hello", patience);
            onThreadOf(server, () -> {
                send(AnyEventMp.tagged("crash"), server.whereis("eg-chat-server").orElseThrow());
                return null;
            });
            out.await("disconnected ", 2, patience);
            out.await("server ready.", 2, patience);
            out.await("relaying: bob (joins)", 2, patience);
            out.await("relaying: alice (joins)", 2, patience);
            AnyEventMp.say(bob, "still here?");
            out.await("relaying: bob: still here?", patience);
        }
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
