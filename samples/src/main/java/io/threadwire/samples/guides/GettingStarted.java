package io.threadwire.samples.guides;

// tag::imports[]
import static io.threadwire.core.Messaging.*;

import io.threadwire.core.Down;
import io.threadwire.core.LinkedThreadException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.Message;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
// end::imports[]
import java.io.PrintStream;
import java.time.Duration;

/**
 * The code of the getting-started guide ({@code docs/guides/getting-started.md}), one method per
 * step; each prints what the guide says it prints to the stream it is given.
 */
public final class GettingStarted {
    private GettingStarted() {
    }

    /** A text and the thread that sent it. */
    // tag::message[]
    @Message                                         // travels between nodes, no configuration
    public record Greeting(String text, ThreadRef from) {
    }
    // end::message[]

    /** Spawn a thread, send it a message with our handle inside, receive its answer. */
    public static void firstThreads(PrintStream out) {
        // tag::first-threads[]
        LocalThread echo = spawn(() -> {
            Greeting g = receive(Greeting.class);          // blocks this virtual thread only
            send(new Greeting("echo: " + g.text(), self()), g.from());
        });
        send(new Greeting("hello", self()), echo);
        Greeting answer = receive(Greeting.class, Duration.ofSeconds(5));
        out.println(answer.text());                         // echo: hello
        // end::first-threads[]
    }

    /** A synchronous call, served by handleSynchronous. */
    public static void firstCall(PrintStream out) {
        // tag::first-call[]
        LocalThread adder = spawn(() -> {
            for (;;) {
                handleSynchronous(n -> (Integer) n + 3);    // serves one request
            }
        });
        Object eight = sendSynchronous(5, adder, Duration.ofSeconds(5));
        out.println("5 + 3 = " + eight);                    // 5 + 3 = 8
        // end::first-call[]
        exit(adder, "done");
    }

    /** The server node of the two-node step: an adder and a greeter, registered by name. */
    public static Node startServer(int port) {
        // tag::server[]
        Node server = Node.start(port);                     // 9000 here; 0 picks a free port
        LocalThread adder = server.spawn("adder", () -> {
            for (;;) {
                handleSynchronous(n -> (Integer) n + 3);
            }
        });
        server.registerRemoteThread(adder, "adder");        // other nodes reach it by name
        // end::server[]
        // tag::greeter[]
        LocalThread greeter = server.spawn("greeter", () -> {
            for (;;) {
                Greeting g = receive(Greeting.class);
                // g.from() is a RemoteThread: the sender's handle, valid on this node too
                send(new Greeting("hello, " + g.text(), self()), g.from());
            }
        });
        server.registerRemoteThread(greeter, "greeter");
        // end::greeter[]
        return server;
    }

    /** The client node's thread: a call by name, then a handle sent out and used to answer. Returns it. */
    public static LocalThread startClient(Node client, NodeAddress serverAddress, PrintStream out) {
        // tag::client[]
        LocalThread main = client.spawn(() -> {             // a thread of the client node
            RemoteThread adder = RemoteThread.named(serverAddress, "adder");
            out.println("5 + 3 = " + sendSynchronous(5, adder, Duration.ofSeconds(5)));

            RemoteThread greeter = RemoteThread.named(serverAddress, "greeter");
            send(new Greeting("client", self()), greeter);  // self() travels as a handle
            Greeting answer = receive(Greeting.class, Duration.ofSeconds(5));
            out.println(answer.text() + " (from " + answer.from() + ")");
        });
        // end::client[]
        return main;
    }

    /** A monitor: one Down with the reason the watched thread ended with. */
    public static void monitors(PrintStream out) {
        // tag::monitor[]
        LocalThread worker = spawn(() -> {
            receive();                                      // waits for "go"
            throw new IllegalStateException("boom");
        });
        monitor(worker);
        send("go", worker);
        Down down = receive(Down.class, Duration.ofSeconds(5));
        out.println("worker ended: " + down.reason());      // worker ended: java.lang.IllegalStateException: boom
        // end::monitor[]
    }

    /** A link: the failure of one thread is raised in the other's receive. */
    public static void links(PrintStream out) {
        // tag::link[]
        LocalThread parent = spawn(() -> {
            spawnLinked(() -> {
                throw new IllegalStateException("child failed");
            });
            try {
                receive();
            } catch (LinkedThreadException e) {             // the linked thread's failure
                out.println("linked thread ended: " + e.reason());
            }
        });
        // end::link[]
        monitor(parent);
        receive(Down.class, Duration.ofSeconds(5));
    }
}
