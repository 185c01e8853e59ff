package io.threadwire.samples;

import static io.threadwire.core.Messaging.callAsync;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.replySynchronous;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendAfter;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.core.Messaging.spawn;
import static io.threadwire.distributed.Distributed.whereis;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Message;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The parigot quick start's services: a service is one thread (single-threaded, so its state
 * needs no lock) registered under a name other nodes locate it by; callers get futures back;
 * a method too slow to answer at once returns a ticket that the caller polls.
 *
 * <p>The {@code greeting} service answers {@link Greet} with a greeting. Its {@link SlowSum}
 * returns a {@link Ticket} at once and has a helper thread add the numbers; {@link Poll} with
 * the ticket answers {@link Pending} until the helper reports back, then {@link Done}. The
 * program's half locates the service by name, calls it through futures, and polls its ticket.
 */
public final class ParigotServices {
    /** How long a call waits for its answer. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Asks for a greeting of {@code name}. */
    @Message
    public record Greet(String name) {
    }

    /** Asks for the sum of 1..{@code upTo}, a method too slow to answer at once. */
    @Message
    public record SlowSum(long upTo) {
    }

    /** The answer of a slow method: what to poll with. */
    @Message
    public record Ticket(long id) {
    }

    /** Asks whether the work of a ticket is done. */
    @Message
    public record Poll(Ticket ticket) {
    }

    /** The answer to {@link Poll} while the work runs. */
    @Message
    public record Pending(Ticket ticket) {
    }

    /** The answer to {@link Poll} once the work is done. */
    @Message
    public record Done(Ticket ticket, long result) {
    }

    /** The helper's report to the service thread (never leaves the node). */
    private record Finished(long ticket, long result) {
    }

    private ParigotServices() {
    }

    /** Starts the {@code greeting} service on {@code node} and registers it; it runs until the node closes. */
    public static LocalThread startGreetingService(Node node, PrintStream out) {
        LocalThread service = node.spawn("greeting", () -> {
            // tag::service[]
            Map<Long, Long> results = new HashMap<>(); // ticket -> result, null while running
            long nextTicket = 1;
            out.println("greeting service ready");
            for (;;) {
                Object message = receive();
                if (message instanceof Finished done) {
                    results.put(done.ticket(), done.result());
                } else if (message instanceof Synchronous call) {
                    switch (call.data()) {
                        case Greet greet -> replySynchronous("Hello, " + greet.name() + "!", call);
                        case SlowSum sum -> {
                            Ticket ticket = new Ticket(nextTicket++);
                            results.put(ticket.id(), null);
                            LocalThread serviceThread = self();
                            spawn(() -> send(new Finished(ticket.id(), sumUpTo(sum.upTo())), serviceThread));
                            replySynchronous(ticket, call);
                        }
                        case Poll poll -> {
                            Long result = results.get(poll.ticket().id());
                            replySynchronous(result == null ? new Pending(poll.ticket()) : new Done(poll.ticket(), result), call);
                        }
                        default -> replySynchronous("unknown method " + call.data().getClass().getSimpleName(), call);
                    }
                }
            }
            // end::service[]
        });
        node.registerRemoteThread(service, "greeting");
        return service;
    }

    /**
     * The program's half, run by a thread of a node: locates {@code greeting} on
     * {@code service}'s node (parigot's {@code Locate()}: one call to that node, which says
     * which thread is registered under the name), calls it through a future, starts the slow
     * method and polls its ticket until it is done. Returns the sum.
     *
     * @throws IllegalStateException if no thread is registered as {@code greeting} there
     */
    public static long runProgram(NodeAddress service, PrintStream out) {
        // tag::program[]
        ThreadRef greeting = whereis(service, "greeting")
                .orElseThrow(() -> new IllegalStateException("no service 'greeting' runs at " + service));
        out.println("located greeting at " + service);
        CompletableFuture<Object> hello = callAsync(new Greet("world"), greeting, PATIENCE);
        out.println("greeting answered: " + hello.join());
        Ticket ticket = (Ticket) sendSynchronous(new SlowSum(1_000_000), greeting, PATIENCE);
        out.println("slowSum returned " + ticket + " at once");
        int polls = 0;
        for (;;) {
            Object state = sendSynchronous(new Poll(ticket), greeting, PATIENCE);
            polls++;
            if (state instanceof Done done) {
                out.println("slowSum done after " + polls + " poll(s): " + done.result());
                return done.result();
            }
            sendAfter(Duration.ofMillis(10), "poll again", self()); // a timer, not a busy loop
            receiveIf("poll again"::equals);
        }
        // end::program[]
    }

    private static long sumUpTo(long n) {
        long total = 0;
        for (long i = 1; i <= n; i++) {
            total += i;
        }
        return total;
    }
}
