package io.threadwire.samples;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.replySynchronous;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendSynchronous;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Message;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Maggie's distributed counter: the server registers a thread as {@code counter} that adds up
 * the increments it is sent and prints each total; the client connects, pings the node first
 * (and says "Cannot reach server" if it cannot), gets the counter by name (Maggie's
 * {@code processNamed:}, which asks the server's node), casts increments of
 * 10, 20, 30, 40 and 50, and says "All messages sent and delivered" only once it knows they
 * were: it asks the counter for its total, which, being sent after the increments by the same
 * thread to the same thread, is answered after all of them were taken.
 */
public final class MaggieCounter {
    /** How long the client waits to connect and for the total. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    /** A cast: add {@code value} to the total. */
    // tag::messages[]
    @Message
    public record Increment(int value) {
    }

    /** A call: the total so far. */
    @Message
    public record GetTotal() {
    }
    // end::messages[]

    private MaggieCounter() {
    }

    /**
     * Starts the {@code counter} thread on {@code node} and registers it. It ends after answering
     * {@code calls} calls of {@link GetTotal} (never, if negative).
     */
    public static LocalThread startCounter(Node node, int calls, PrintStream out) {
        // tag::counter[]
        LocalThread counter = node.spawn("counter", () -> {
            long total = 0;
            out.println("Counter service ready");
            for (int answered = 0; calls < 0 || answered < calls; ) {
                Object message = receive();
                if (message instanceof Increment inc) {
                    total += inc.value();
                    out.println("Total: " + total);
                } else if (message instanceof Synchronous call && call.data() instanceof GetTotal) {
                    out.println("Final total: " + total);
                    replySynchronous(total, call);
                    answered++;
                }
            }
        });
        node.registerRemoteThread(counter, "counter");
        // end::counter[]
        return counter;
    }

    /**
     * The client, run by a thread of {@code node} (or by any thread, if {@code node} is the JVM's
     * default node). Returns the total the counter reported, or -1 if the server cannot be reached.
     */
    public static long runClient(Node node, NodeAddress server, PrintStream out) {
        // tag::client[]
        if (node.ping(server, PATIENCE).isEmpty()) {
            out.println("Cannot reach server");
            return -1;
        }
        node.connect(server, PATIENCE);
        out.println("Connected to server");
        ThreadRef counter = node.whereis(server, "counter")
                .orElseThrow(() -> new IllegalStateException("no process is registered as 'counter' on " + server));
        for (int i = 1; i <= 5; i++) {
            send(new Increment(i * 10), counter);
            out.println("Sent increment: " + i * 10);
        }
        long total = (Long) sendSynchronous(new GetTotal(), counter, PATIENCE);
        out.println("All messages sent and delivered (total " + total + ")");
        // end::client[]
        return total;
    }
}
