package io.threadwire.core;

import static io.threadwire.core.Messaging.exit;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import org.junit.jupiter.api.Test;

/**
 * An exit signal is delivered by an interrupt, and {@link ExitSignalException} leaves the
 * interrupt status cleared: no interrupt of its sender lands after the signal was thrown, even
 * when the thread sees the signal before its sender has interrupted it.
 */
class ExitInterruptRaceTest {
    private static final int ROUNDS = Integer.getInteger("rounds", 20_000);

    /** A thread that threadwire did not start, told to exit while it sends, goes on with no interrupt left, round after round. */
    @Test
    void noInterruptOutlivesTheExitSignalItDelivered() throws Exception {
        SynchronousQueue<LocalThread> toExit = new SynchronousQueue<>();
        LocalThread ended = Messaging.spawn(() -> { });
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                for (;;) {
                    exit(toExit.take(), "bye");
                }
            } catch (InterruptedException stop) {
                // the test is over
            }
        });
        int interrupted = 0;
        try {
            for (int i = 0; i < ROUNDS; i++) {
                toExit.put(self()); // this thread's interrupt status is clear here, or put would throw
                try {
                    for (;;) {
                        send("x", ended); // a send throws the signal once it is there
                    }
                } catch (ExitSignalException expected) {
                    // this thread's threadwire life is over; it goes on as a new self()
                }
                try {
                    receive(Duration.ZERO);
                } catch (ReceiveTimeoutException expected) {
                    // nothing to take, and no interrupt
                } catch (ReceiveInterruptedException late) {
                    interrupted++;
                }
            }
        } finally {
            sender.interrupt();
            sender.join();
        }
        assertThat(interrupted).as("rounds in which an interrupt outlived its exit signal").isZero();
    }
}
