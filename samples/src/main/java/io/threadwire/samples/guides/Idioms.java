package io.threadwire.samples.guides;

import static io.threadwire.core.Messaging.*;

import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.Synchronous;
import io.threadwire.core.TimerRef;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The code of the "Coming from Erlang" and "Coming from Akka/Pekko" guides: the usual idioms of
 * those systems written with threadwire's verbs. Each method returns what the guide says it
 * yields.
 */
public final class Idioms {
    private Idioms() {
    }

    /** A gen_server-like counter: casts are plain messages, calls are answered. Returns the counter. */
    public static LocalThread startCounter() {
        // tag::server-loop[]
        LocalThread counter = spawn(() -> {
            long total = 0;                                 // the state: a local variable
            for (;;) {
                Object m = receive();
                if (m instanceof Long n) {                  // a cast: send(n, counter)
                    total += n;
                } else if (m instanceof Synchronous call) { // a call: sendSynchronous(..., counter)
                    replySynchronous(total, call);
                }
            }
        });
        // end::server-loop[]
        return counter;
    }

    /** Two casts and a call, as an Erlang user writes them: returns 12. */
    public static Object castAndCall(LocalThread counter) {
        // tag::cast-and-call[]
        send(5L, counter);                                  // gen_server:cast / counter ! 5
        send(7L, counter);
        Object total = sendSynchronous("total", counter, Duration.ofSeconds(5)); // 12
        // end::cast-and-call[]
        return total;
    }

    /** Akka's ask: the same call as a future. Returns the future of the total. */
    public static CompletableFuture<Object> ask(LocalThread counter) {
        // tag::ask[]
        CompletableFuture<Object> total = callAsync("total", counter, Duration.ofSeconds(5));
        total.thenAccept(t -> System.out.println("total: " + t)); // runs on a virtual thread
        // end::ask[]
        return total;
    }

    /** Selective receive with an after clause: returns what was received, or "timeout". */
    public static Object receiveWithAfter(Duration after) {
        // tag::receive-after[]
        Object reply;
        try {
            // receive {reply, R} -> R after 100 -> timeout end
            reply = receiveIf(m -> m instanceof String s && s.startsWith("reply:"), after);
        } catch (ReceiveTimeoutException e) {
            reply = "timeout";                              // the mailbox is left as it was
        }
        // end::receive-after[]
        return reply;
    }

    /** erlang:send_after and cancel_timer: returns whether the cancel stopped the timer. */
    public static boolean sendAfterAndCancel() {
        // tag::send-after[]
        TimerRef tick = sendAfter(Duration.ofSeconds(1), "tick", self());
        boolean stopped = tick.cancel();                    // true: "tick" will not come
        // end::send-after[]
        return stopped;
    }
}
