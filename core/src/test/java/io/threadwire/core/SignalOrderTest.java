package io.threadwire.core;

import static io.threadwire.core.Messaging.exit;
import static io.threadwire.core.Messaging.monitor;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.spawnLinked;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Scenario.Runner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Signals keep their order with messages between one sender and one receiver (Erlang's
 * {@code signal_SUITE:xm_sig_order}): an exit signal is never overtaken by a message its sender
 * sent after it, and a linked thread's failure never overtakes the messages that thread sent
 * before it failed. Each test runs many rounds, with the receiver on each kind of thread and
 * waiting in each way (polling with a zero timeout, blocking, and for the exit signal also
 * selectively, with earlier messages left in the mailbox).
 */
class SignalOrderTest {

    private static final int ROUNDS = Integer.getInteger("threadwire.signalOrder.rounds", 1_000);
    private static final String MAY_REACH = "may_reach", MAY_NOT_REACH = "may_not_reach";

    /** How the receiving thread waits for its next message. */
    enum Wait {
        /** {@code receive(Duration.ZERO)}, yielding between empty polls. */
        POLLING,
        /** {@code receive()}, parked until something arrives. */
        BLOCKING,
        /** {@code receive(String.class)}, parked, leaving every other message in the mailbox. */
        SELECTIVE
    }

    /** The next message of the calling thread by {@code wait}, or null after an empty poll. */
    private static Object next(Wait wait) {
        if (wait == Wait.BLOCKING) {
            return receive(LONG);
        }
        if (wait == Wait.SELECTIVE) {
            return receive(String.class, LONG);
        }
        try {
            return receive(Duration.ZERO);
        } catch (ReceiveTimeoutException none) {
            Thread.yield();
            return null;
        }
    }

    /** Starts {@code body} on a fresh thread of {@code kind}; returns the JDK thread, or null for a spawned one. */
    private static Thread start(Runner kind, Runnable body) {
        return switch (kind) {
            case PLATFORM -> Thread.ofPlatform().start(body);
            case VIRTUAL -> Thread.ofVirtual().start(body);
            case SPAWNED -> {
                Messaging.spawn(body);
                yield null;
            }
        };
    }

    /**
     * A thread never takes a message sent to it after an exit signal by the sender of the
     * signal, and its monitor's {@code Down} carries the signal's reason.
     */
    @ParameterizedTest(name = "receiver on a {0} thread, {1}")
    @CsvSource({"PLATFORM, POLLING", "PLATFORM, BLOCKING", "PLATFORM, SELECTIVE", "VIRTUAL, POLLING",
            "VIRTUAL, BLOCKING", "VIRTUAL, SELECTIVE", "SPAWNED, POLLING", "SPAWNED, BLOCKING", "SPAWNED, SELECTIVE"})
    void exitSignalIsNotOvertakenByLaterMessages(Runner kind, Wait wait) {
        ExitReason reason = ExitReason.of("good_signal_order");
        AtomicInteger overtaken = new AtomicInteger();
        Scenario.run(s -> {
            LocalThread sender = self();
            List<Thread> started = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                Thread t = start(kind, () -> {
                    send(self(), sender);
                    try {
                        for (;;) {
                            if (MAY_NOT_REACH.equals(next(wait))) {
                                overtaken.incrementAndGet();
                            }
                        }
                    } catch (ExitSignalException expected) {
                        // the end this test asks for; the monitor's Down tells which reason it had
                    }
                });
                if (t != null) {
                    started.add(t);
                }
                LocalThread p = receive(LocalThread.class, LONG);
                monitor(p);
                send(round, p); // taken at once, or left in the mailbox by a selective receive
                send(MAY_REACH, p);
                send(MAY_REACH, p);
                send(MAY_REACH, p);
                exit(p, reason.toString());
                send(MAY_NOT_REACH, p);
                send(MAY_NOT_REACH, p);
                send(MAY_NOT_REACH, p);
                Down down = receive(Down.class, LONG);
                assertThat(down.reason()).as("round %d", round).isEqualTo(reason);
            }
            for (Thread t : started) {
                assertThat(t.join(LONG)).as("%s ended", t).isTrue();
            }
        });
        assertThat(overtaken.get()).as("messages sent after the exit signal and taken anyway, in %d rounds", ROUNDS)
                .isZero();
    }

    /**
     * The failure of a linked thread is raised only after every message that thread sent before
     * it failed has been received: messages first, then the failure.
     */
    @ParameterizedTest(name = "receiver on a {0} thread, {1}")
    @CsvSource({"PLATFORM, POLLING", "PLATFORM, BLOCKING", "VIRTUAL, POLLING", "VIRTUAL, BLOCKING",
            "SPAWNED, POLLING", "SPAWNED, BLOCKING"})
    void linkedFailureDoesNotOvertakeEarlierMessages(Runner kind, Wait wait) {
        int sent = 3;
        Scenario.run(s -> {
            LocalThread tester = self();
            List<Thread> started = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                Thread t = start(kind, () -> {
                    LocalThread me = self();
                    spawnLinked(() -> {
                        for (int i = 1; i <= sent; i++) {
                            send(i, me);
                        }
                        exit(self(), "failed after sending"); // fails without a stack trace in the log
                    });
                    int received = 0;
                    try {
                        for (;;) {
                            if (next(wait) instanceof Integer) {
                                received++;
                            }
                        }
                    } catch (LinkedThreadException e) {
                        send(received, tester);
                    }
                });
                if (t != null) {
                    started.add(t);
                }
                assertThat(receive(Integer.class, LONG)).as("messages received before the failure, round %d", round)
                        .isEqualTo(sent);
            }
            for (Thread t : started) {
                assertThat(t.join(LONG)).as("%s ended", t).isTrue();
            }
        });
    }
}
