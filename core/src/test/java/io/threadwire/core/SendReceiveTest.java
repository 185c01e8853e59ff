package io.threadwire.core;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.testkit.Timeouts.SHORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Scenario.Runner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** spawn, self, send and receive, including selective receive and per-sender order. */
class SendReceiveTest {

    /** A request to echo {@code text} back to {@code from}. */
    record Ping(LocalThread from, String text) {
    }

    /** Message {@code n} of sender {@code sender}. */
    record Numbered(int sender, int n) {
    }

    /** self() gives the same handle every time, and the handle spawn returns is the one the new thread sees as self(). */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void selfIsOneHandlePerThread(Runner runner) {
        Scenario.run(runner, s -> {
            LocalThread me = self();
            assertThat(self()).isSameAs(me);
            assertThat(me.isAlive()).isTrue();

            LocalThread child = s.spawn(() -> send(self(), me));
            assertThat(receive(LONG)).isSameAs(child);
            assertThat(child).isNotEqualTo(me);
            assertThat(child.id()).isNotEqualTo(me.id());
        });
    }

    /** A message sent to a thread is what its receive returns, and the answer comes back the same way. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void receiveReturnsTheMessageSent(Runner runner) {
        Scenario.run(runner, s -> {
            LocalThread echo = s.spawn(() -> {
                Ping ping = (Ping) receive(LONG);
                send(ping.text().toUpperCase(), ping.from());
            });
            send(new Ping(self(), "hello"), echo);
            assertThat(receive()).isEqualTo("HELLO");
        });
    }

    /** A thread's messages to itself come out in the order they were sent. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void messagesToSelfKeepTheirOrder(Runner runner) {
        Scenario.run(runner, s -> {
            for (int i = 0; i < 5; i++) {
                send(i, self());
            }
            for (int i = 0; i < 5; i++) {
                assertThat(receive()).isEqualTo(i);
            }
        });
    }

    /** receive(Duration) throws ReceiveTimeoutException when the timeout has passed, not before. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void receiveTimesOutAtTheTimeout(Runner runner) {
        Scenario.run(runner, s -> {
            long start = System.nanoTime();
            assertThatThrownBy(() -> receive(SHORT)).isInstanceOf(ReceiveTimeoutException.class);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(waited).isGreaterThanOrEqualTo(SHORT).isLessThan(LONG);
        });
    }

    /** receive(Class) takes the oldest message of that class and leaves the others queued in their order. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void receiveByClassKeepsTheRestInOrder(Runner runner) {
        Scenario.run(runner, s -> {
            for (Object m : List.of("a", 1, "b", 2, 'c', 3)) {
                send(m, self());
            }
            assertThat(receive(Integer.class)).isEqualTo(1);
            assertThat(receive(Integer.class, LONG)).isEqualTo(2);
            assertThat(receive(Character.class)).isEqualTo('c');
            assertThat(List.of(receive(), receive(), receive())).containsExactly("a", "b", 3);
        });
    }

    /** receiveIf takes the oldest message the filter accepts and leaves the others queued in their order. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void receiveIfKeepsTheRestInOrder(Runner runner) {
        Scenario.run(runner, s -> {
            for (int i = 1; i <= 6; i++) {
                send(i, self());
            }
            assertThat(receiveIf(m -> (int) m % 3 == 0)).isEqualTo(3);
            assertThat(receiveIf(m -> (int) m % 3 == 0, LONG)).isEqualTo(6);
            assertThat(receiveIf(m -> (int) m > 1)).isEqualTo(2);
            assertThat(List.of(receive(), receive(), receive())).containsExactly(1, 4, 5);
        });
    }

    /** A selective receive that times out takes nothing: the mailbox is as it was. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void selectiveReceiveTimeoutTakesNothing(Runner runner) {
        Scenario.run(runner, s -> {
            send("a", self());
            send("b", self());
            assertThatThrownBy(() -> receive(Integer.class, SHORT)).isInstanceOf(ReceiveTimeoutException.class)
                    .hasMessageContaining(Integer.class.getName());
            assertThatThrownBy(() -> receiveIf("c"::equals, SHORT)).isInstanceOf(ReceiveTimeoutException.class);
            assertThat(List.of(receive(), receive())).containsExactly("a", "b");
        });
    }

    /** A selective receive waits for a match that arrives after the messages it passed over, which stay first in line. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void selectiveReceiveWaitsForALaterMatch(Runner runner) {
        Scenario.run(runner, s -> {
            LocalThread me = self();
            send("early", me);
            LocalThread sender = s.spawn(() -> {
                assertThat(receive(LONG)).isEqualTo("go");
                send("late", me);
                send(42, me);
            });
            send("go", sender);
            assertThat(receive(Integer.class, LONG)).isEqualTo(42);
            assertThat(List.of(receive(), receive())).containsExactly("early", "late");
        });
    }

    /** Each of 8 concurrent senders' 100,000 messages arrive complete and in the order that sender sent them. */
    @Test
    void perSenderOrderIsKept() {
        int senders = 8;
        int perSender = 100_000;
        Scenario.run(s -> {
            LocalThread receiver = self();
            List<LocalThread> started = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                int sender = i;
                started.add(s.spawn(() -> {
                    assertThat(receive(LONG)).isEqualTo("go");
                    for (int n = 0; n < perSender; n++) {
                        send(new Numbered(sender, n), receiver);
                    }
                }));
            }
            started.forEach(t -> send("go", t)); // all start at once, so their messages interleave

            int[] next = new int[senders]; // the number expected next from each sender
            for (int k = 0; k < senders * perSender; k++) {
                Numbered m = (Numbered) receive(LONG);
                if (m.n() != next[m.sender()]) { // checked by hand: an AssertJ call per message is slow
                    throw new AssertionError("sender " + m.sender() + ": expected message " + next[m.sender()]
                            + ", got " + m.n());
                }
                next[m.sender()]++;
            }
            assertThat(next).containsOnly(perSender);
        });
    }

    /** Interrupting a thread parked in receive ends the wait with ReceiveInterruptedException. */
    @Test
    void interruptEndsReceive() {
        Scenario.run(s -> {
            LocalThread me = self();
            LocalThread waiter = s.spawn(() -> {
                send("waiting", me);
                try {
                    receive(LONG);
                    send("not interrupted", me);
                } catch (ReceiveInterruptedException e) {
                    send(e, me);
                }
            });
            assertThat(receive(LONG)).isEqualTo("waiting");
            s.thread(waiter).interrupt();
            assertThat(receive(LONG)).isInstanceOf(ReceiveInterruptedException.class);
        });
    }
}
