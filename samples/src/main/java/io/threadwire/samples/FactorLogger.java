package io.threadwire.samples;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.replySynchronous;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.distributed.Distributed.remoteThread;
import static io.threadwire.distributed.Distributed.send;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Message;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Factor's {@code concurrency.distributed} example, both halves: a node runs a thread registered
 * as {@code "logger"} that prints what it receives, and a thread registered as {@code "adder"}
 * that answers Factor's own test (a message {@code { 5 self }} comes back as 8), by a plain
 * send with the sender's handle inside and by a synchronous call. The client, in another JVM,
 * sends "hello" to the logger by name, then puts its own handle in a message to the adder: the
 * handle travels as a remote-thread handle and the adder sends 8 back through it.
 *
 * <p>Every method prints to the stream it is given; the samples' command line passes
 * {@code System.out}, the tests a buffer.
 */
public final class FactorLogger {
    /** How long the client waits for each answer. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Factor's {@code { 5 self }}: a number and the thread to send the number plus 3 to. */
    @Message
    public record AddThree(int n, ThreadRef replyTo) {
    }

    private FactorLogger() {
    }

    /**
     * Starts the node's two threads and registers them: {@code "logger"}, which prints
     * {@code logger received: <message>} for each message and ends after {@code count} messages
     * (never, if {@code count} is negative), and {@code "adder"}, which runs until the node
     * closes. Returns the logger.
     */
    public static LocalThread startServices(Node node, int count, PrintStream out) {
        LocalThread logger = node.spawn("logger", () -> {
            for (int seen = 0; count < 0 || seen < count; seen++) {
                out.println("logger received: " + receive());
            }
        });
        node.registerRemoteThread(logger, "logger");
        LocalThread adder = node.spawn("adder", () -> {
            for (;;) {
                Object message = receive();
                if (message instanceof AddThree add) {
                    send(add.n() + 3, add.replyTo());
                } else if (message instanceof Synchronous call && call.data() instanceof Integer n) {
                    replySynchronous(n + 3, call);
                }
            }
        });
        node.registerRemoteThread(adder, "adder");
        return logger;
    }

    /**
     * The client's half, run by a thread of a node, or of no node once a default node is
     * started ({@code startNode}): "hello" to the logger at {@code host:port}, then Factor's
     * test against its adder, by a send carrying this thread's handle and by
     * {@code sendSynchronous}. Throws if an answer is not 8 or does not come within
     * {@link #PATIENCE}.
     */
    public static void runClient(String host, int port, PrintStream out) {
        send("hello", host, port, "logger");
        out.println("sent 'hello' to logger at " + host + ":" + port);
        RemoteThread adder = remoteThread(host, port, "adder");
        send(new AddThree(5, self()), adder);
        int sent = receive(Integer.class, PATIENCE);
        out.println("{ 5 self } went to adder; " + sent + " came back");
        Object called = sendSynchronous(5, adder, PATIENCE);
        out.println("sendSynchronous 5 to adder: " + called);
        if (sent != 8 || !Integer.valueOf(8).equals(called)) {
            throw new IllegalStateException("adder answered " + sent + " and " + called + ", not 8");
        }
    }
}
