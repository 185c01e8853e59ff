package io.threadwire.samples;

import static io.threadwire.core.Messaging.exit;
import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendAfter;
import static io.threadwire.core.Messaging.spawn;

import io.threadwire.core.ChildSpec;
import io.threadwire.core.Down;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.Supervisor;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Groups;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUp;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The AnyEvent::MP tutorial. Its messages are lists whose first element is a tag
 * ({@code test => 123} is {@code List.of("test", 123)}), received by tag
 * ({@link #receiveTagged}); its global groups are threadwire's {@link Groups}; a node finds the
 * others through a seed ({@code NodeConfig.seeds}).
 *
 * <ul>
 *   <li>{@link #firstMessage}: a port receives its own {@code test => 123}: "Ending with: 123".
 *   <li>{@link #receiver} and {@link #sender}: receivers join the group {@code eg_receivers}; the
 *       sender looks the group up every second and sends {@code test => time} to each member.
 *   <li>{@link #monAndKil}: a monitored port killed with a reason; the monitor sees the reason.
 *   <li>The resilient chat: {@link #chatServer} in the group {@code eg_chat_server}, run by a
 *       supervisor that restarts it; {@link #chatClient}s join with a nick, are monitored (their
 *       quits are relayed), monitor the server, and reconnect when it dies.
 * </ul>
 */
public final class AnyEventMp {
    /** The receivers' group. */
    public static final String RECEIVERS = "eg_receivers";
    /** The chat server's group. */
    public static final String CHAT_SERVER = "eg_chat_server";

    private AnyEventMp() {
    }

    /** A message {@code tag => values...}. */
    public static List<Object> tagged(String tag, Object... values) {
        Object[] all = new Object[values.length + 1];
        all[0] = tag;
        System.arraycopy(values, 0, all, 1, values.length);
        return List.of(all);
    }

    /** AnyEvent's {@code rcv $port, tag => ...}: the oldest message tagged {@code tag}, leaving others queued. */
    public static List<?> receiveTagged(String tag) {
        // tag::receive-tagged[]
        return (List<?>) receiveIf(m -> m instanceof List<?> l && !l.isEmpty() && tag.equals(l.get(0)));
        // end::receive-tagged[]
    }

    /** The tutorial's first example: a port, a receiver for the tag {@code test}, and {@code snd $port, test => 123}. */
    public static void firstMessage(PrintStream out) {
        // tag::first-message[]
        LocalThread port = spawn(() -> {
            List<?> message = receiveTagged("test");
            out.println("Ending with: " + message.get(1));
        });
        send(tagged("test", 123), port);
        // end::first-message[]
        monitor(port);
        receive(Down.class);
    }

    /** The receiver, run as a thread of a node: joins {@link #RECEIVERS} and prints what it gets, forever. */
    public static void receiver(PrintStream out) {
        // tag::receiver[]
        Groups.join(RECEIVERS, self());
        out.println("receiver ready");
        for (;;) {
            out.println("Received data: " + receiveTagged("test").get(1));
        }
        // end::receiver[]
    }

    /** The sender, run as a thread of a node: every second, {@code test => time} to each receiver, {@code ticks} times. */
    public static void sender(int ticks, PrintStream out) {
        for (int i = 0; i < ticks; i++) {
            // tag::sender[]
            List<ThreadRef> receivers = Groups.members(RECEIVERS);
            long time = System.currentTimeMillis() / 1000;
            receivers.forEach(r -> send(tagged("test", time), r));
            out.println("sent test => " + time + " to " + receivers.size() + " receiver(s)");
            // end::sender[]
            pause(Duration.ofSeconds(1));
        }
    }

    /**
     * What AnyEvent's trace shows on a seed ("ruth is up"), run as a thread of {@code node}: a
     * line for every node that connects to it or is lost, by the name its handshake gave
     * ({@code eg_receiver (127.0.0.1:45361) is up}). Runs until the node closes.
     */
    public static void announceNodes(Node node, PrintStream out) {
        // tag::announce-nodes[]
        node.monitorNodes();
        for (;;) {
            Object event = receive();
            if (event instanceof NodeUp up) {
                out.println(label(up.name(), up.node()) + " is up");
            } else if (event instanceof NodeDown down) {
                out.println(label(down.name(), down.node()) + " is down (" + down.reason() + ")");
            }
        }
        // end::announce-nodes[]
    }

    private static String label(String name, NodeAddress address) {
        return name.isEmpty() ? address.toString() : name + " (" + address + ")";
    }

    /** {@code mon} and {@code kil}: a port killed with a reason, seen by its monitor. Returns the reason. */
    public static Object monAndKil(PrintStream out) {
        // tag::mon-kil[]
        LocalThread port = spawn(() -> receiveTagged("never"));
        monitor(port);
        exit(port, "bored");
        Down down = receive(Down.class);
        out.println("port " + port.id() + " died: " + down.reason());
        // end::mon-kil[]
        return down.reason();
    }

    /**
     * The chat server's body (a supervisor's child): joins {@link #CHAT_SERVER}; {@code join =>
     * client, nick} adds a client and monitors it; {@code privmsg => nick, text} is relayed to
     * every client; a client that ends is relayed as a quit with its reason. {@code crash}
     * makes it fail, so its supervisor restarts it.
     */
    public static void chatServer(PrintStream out) {
        // tag::chat-server[]
        Groups.join(CHAT_SERVER, self());
        Map<ThreadRef, String> clients = new HashMap<>();
        out.println("server ready.");
        for (;;) {
            Object m = receive();
            if (m instanceof List<?> l && !l.isEmpty()) {
                switch ((String) l.get(0)) {
                    case "join" -> {
                        ThreadRef client = (ThreadRef) l.get(1);
                        clients.put(client, (String) l.get(2));
                        monitor(client);
                        relay(clients, l.get(2) + " (joins)", out);
                    }
                    case "privmsg" -> relay(clients, l.get(1) + ": " + l.get(2), out);
                    case "crash" -> throw new IllegalStateException("the chat server crashed on request");
                    default -> { }
                }
            } else if (m instanceof Down down && clients.containsKey(down.ref())) {
                String nick = clients.remove(down.ref());
                relay(clients, nick + " (quits, " + down.reason() + ")", out);
            }
        }
        // end::chat-server[]
    }

    private static void relay(Map<ThreadRef, String> clients, String line, PrintStream out) {
        out.println("relaying: " + line);
        clients.keySet().forEach(c -> send(line, c));
    }

    /** Starts the chat server under a supervisor on {@code node} (a thread of the node must call it, or main with no node). */
    public static Supervisor superviseChatServer(PrintStream out) {
        // tag::supervisor[]
        return Supervisor.builder().intensity(5, Duration.ofMinutes(1))
                .child(ChildSpec.permanent("eg-chat-server", () -> chatServer(out)))
                .start();
        // end::supervisor[]
    }

    /**
     * A chat client, run as a thread of a node, and its own supervisor: finds the server in
     * {@link #CHAT_SERVER} (trying again every second), joins with {@code nick}, monitors the
     * server, prints every line relayed to it, and sends what it is told to say ({@code say =>
     * text}, from {@link #say}); when the server dies it prints {@code disconnected <reason>} and
     * connects again.
     */
    public static void chatClient(String nick, PrintStream out) {
        ThreadRef lost = null; // the server that died, until this node's view of the group drops it
        for (;;) {
            ThreadRef gone = lost;
            List<ThreadRef> servers = Groups.members(CHAT_SERVER).stream().filter(s -> !s.equals(gone)).toList();
            if (servers.isEmpty()) {
                pause(Duration.ofSeconds(1));
                continue;
            }
            out.println("connecting...");
            // tag::chat-client[]
            ThreadRef server = servers.get(0);
            monitor(server);
            send(tagged("join", self(), nick), server);
            for (;;) {
                Object m = receive();
                if (m instanceof Down down && down.ref().equals(server)) {
                    out.println("disconnected " + down.reason());
                    lost = server;
                    break;
                } else if (m instanceof List<?> l && !l.isEmpty() && "say".equals(l.get(0))) {
                    send(tagged("privmsg", nick, l.get(1)), server);
                } else if (m instanceof String line) {
                    out.println(line);
                }
            }
            // end::chat-client[]
        }
    }

    /** Tells a chat client to say {@code text}. */
    public static void say(ThreadRef client, String text) {
        send(tagged("say", text), client);
    }

    private static void pause(Duration d) {
        sendAfter(d, "tick", self());
        receiveIf("tick"::equals);
    }
}
