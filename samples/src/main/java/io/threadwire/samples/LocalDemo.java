package io.threadwire.samples;

import static io.threadwire.core.Messaging.*;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Synchronous;
import java.time.Duration;

/**
 * Threads of one JVM: a counter thread adds up the numbers it is sent and answers a
 * synchronous "total?" request; a second thread plays ping-pong with the main thread.
 */
final class LocalDemo {
    private LocalDemo() {
    }

    static void run() {
        LocalThread counter = spawn("counter", () -> {
            long total = 0;
            for (;;) {
                Object message = receive();
                if (message instanceof Integer n) {
                    total += n;
                } else if (message instanceof Synchronous request && "total?".equals(request.data())) {
                    replySynchronous(total, request);
                } else if ("stop".equals(message)) {
                    return;
                }
            }
        });
        for (int i = 1; i <= 10; i++) {
            send(i, counter);
        }
        Object total = sendSynchronous("total?", counter, Duration.ofSeconds(5));
        System.out.println("counter says the total of 1..10 is " + total);

        LocalThread ponger = spawn("ponger", () -> {
            for (;;) {
                Object m = receive();
                if (m instanceof Ping p) {
                    send(new Pong(p.n()), p.from());
                } else {
                    return;
                }
            }
        });
        for (int i = 1; i <= 3; i++) {
            send(new Ping(i, self()), ponger);
            Pong pong = receive(Pong.class, Duration.ofSeconds(5));
            System.out.println("ping " + i + " -> pong " + pong.n());
        }
        send("stop", ponger);
        send("stop", counter);
    }

    record Ping(int n, LocalThread from) {
    }

    record Pong(int n) {
    }
}
