package io.threadwire.core;

import static io.threadwire.core.Messaging.handleSynchronous;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.replySynchronous;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.testkit.Timeouts.PROMPT;
import static io.threadwire.testkit.Timeouts.SHORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Scenario.Runner;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** sendSynchronous, replySynchronous and handleSynchronous, and how a call fails. */
class SynchronousTest {

    /** A server that answers one request with its data plus 3, as in Factor's tests. */
    private static Runnable addThree() {
        return () -> {
            Synchronous request = receive(Synchronous.class, LONG);
            replySynchronous((Integer) request.data() + 3, request);
        };
    }

    /** sendSynchronous without a timeout returns the reply given with replySynchronous. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void callReturnsTheReply(Runner runner) {
        Scenario.run(runner, s -> {
            LocalThread server = s.spawn(addThree());
            assertThat(sendSynchronous(5, server)).isEqualTo(8);
        });
    }

    /** sendSynchronous with a timeout returns the reply given in time. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void callWithTimeoutReturnsTheReply(Runner runner) {
        Scenario.run(runner, s -> {
            LocalThread server = s.spawn(addThree());
            assertThat(sendSynchronous(5, server, LONG)).isEqualTo(8);
        });
    }

    /** The receiver finds a Synchronous carrying the data and the calling thread. */
    @Test
    void requestCarriesDataAndSender() {
        Scenario.run(s -> {
            LocalThread me = self();
            LocalThread server = s.spawn(() -> {
                Synchronous request = receive(Synchronous.class, LONG);
                replySynchronous(request, request); // the request itself, for the caller to inspect
            });
            Synchronous seen = (Synchronous) sendSynchronous("data", server, LONG);
            assertThat(seen.data()).isEqualTo("data");
            assertThat(seen.sender()).isSameAs(me);
        });
    }

    /** handleSynchronous serves the oldest request with the handler's result and leaves other messages queued. */
    @Test
    void handleSynchronousServesOneRequest() {
        Scenario.run(s -> {
            LocalThread me = self();
            LocalThread server = s.spawn(() -> {
                handleSynchronous(data -> (Integer) data + 3);
                send(receive(Duration.ZERO), me); // "before", still there
            });
            send("before", server); // queued ahead of the request: one sender's messages keep their order
            assertThat(sendSynchronous(5, server, LONG)).isEqualTo(8);
            assertThat(receive(LONG)).isEqualTo("before");
        });
    }

    /** A request handed on to another thread may be answered by that thread. */
    @Test
    void anotherThreadMayReply() {
        Scenario.run(s -> {
            LocalThread worker = s.spawn(addThree());
            LocalThread server = s.spawn(() -> {
                send(receive(Synchronous.class, LONG), worker);
                assertThat(receive(LONG)).isEqualTo("done"); // stay alive: the server's end would fail the call
            });
            assertThat(sendSynchronous(5, server, LONG)).isEqualTo(8);
            send("done", server);
        });
    }

    /** A reply that arrives after its call timed out is discarded, never delivered as a message. */
    @Test
    void lateReplyIsDiscarded() {
        Scenario.run(s -> {
            LocalThread me = self();
            LocalThread server = s.spawn(() -> {
                Synchronous request = receive(Synchronous.class, LONG);
                assertThat(receive(LONG)).isEqualTo("reply now");
                replySynchronous("late", request);
                send("replied", me);
            });
            assertThatThrownBy(() -> sendSynchronous("q", server, SHORT)).isInstanceOf(ReceiveTimeoutException.class);
            send("reply now", server);
            // Per-sender order: had the late reply become a message, it would come before "replied".
            assertThat(receive(LONG)).isEqualTo("replied");
            Scenario.assertMailboxEmpty();
        });
    }

    /** A call with a timeout of zero sends its request and, no reply being there yet, times out at once; the later reply is discarded. */
    @Test
    void zeroTimeoutSendsTheRequestAndTimesOutAtOnce() {
        Scenario.run(s -> {
            LocalThread me = self();
            LocalThread server = s.spawn(() -> {
                Synchronous request = receive(Synchronous.class, LONG);
                send("got " + request.data(), me);
                assertThat(receive(LONG)).isEqualTo("reply now");
                replySynchronous("late", request);
                send("replied", me);
            });
            assertThatThrownBy(() -> sendSynchronous("q", server, Duration.ZERO)).isInstanceOf(ReceiveTimeoutException.class);
            assertThat(receive(LONG)).isEqualTo("got q");
            send("reply now", server);
            assertThat(receive(LONG)).isEqualTo("replied");
            Scenario.assertMailboxEmpty();
        });
    }

    /** A late reply to an abandoned call is never taken as the answer to a later call. */
    @Test
    void lateReplyDoesNotAnswerTheNextCall() {
        Scenario.run(s -> {
            LocalThread server = s.spawn(() -> {
                Synchronous first = receive(Synchronous.class, LONG);
                Synchronous second = receive(Synchronous.class, LONG); // sent after the first timed out
                replySynchronous("to the first", first);
                replySynchronous("to the second", second);
            });
            assertThatThrownBy(() -> sendSynchronous(1, server, SHORT)).isInstanceOf(ReceiveTimeoutException.class);
            assertThat(sendSynchronous(2, server, LONG)).isEqualTo("to the second");
        });
    }

    /** A call to a thread that has ended fails at once with NoSuchThreadException. */
    @Test
    void callToEndedThreadFailsPromptly() {
        Scenario.run(s -> {
            LocalThread ended = s.spawn(() -> { });
            s.join(ended);
            long start = System.nanoTime();
            assertThatThrownBy(() -> sendSynchronous("q", ended, LONG))
                    .isInstanceOfSatisfying(NoSuchThreadException.class, e -> {
                        assertThat(e.target()).isSameAs(ended);
                        assertThat(e.reason()).isEqualTo(ExitReason.NOPROC);
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPT);
        });
    }

    /** A call whose target dies of an exception before replying fails at once with CallFailedException carrying it. */
    @Test
    void callToThreadThatDiesFailsPromptly() {
        Boom boom = new Boom("server failed");
        Scenario.run(s -> {
            LocalThread server = s.spawn(() -> {
                receive(Synchronous.class, LONG);
                throw boom;
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> sendSynchronous("q", server, LONG))
                    .isExactlyInstanceOf(CallFailedException.class)
                    .isInstanceOfSatisfying(CallFailedException.class, e -> {
                        assertThat(e.getCause()).isSameAs(boom);
                        assertThat(e.target()).isSameAs(server);
                        assertThat(e.reason()).isEqualTo(new ExitReason.Crashed(boom));
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPT);
        });
    }

    /** A call whose target ends normally without replying fails with CallFailedException, reason normal. */
    @Test
    void callToThreadThatEndsWithoutReplyingFails() {
        Scenario.run(s -> {
            LocalThread server = s.spawn(() -> receive(Synchronous.class, LONG));
            assertThatThrownBy(() -> sendSynchronous("q", server))
                    .isExactlyInstanceOf(CallFailedException.class)
                    .isInstanceOfSatisfying(CallFailedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.NORMAL));
        });
    }

    /** A thread's synchronous call to itself, with or without a timeout, is refused at once, and nothing reaches its mailbox. */
    @Test
    void callToSelfIsRefused() {
        Scenario.run(s -> {
            assertThatThrownBy(() -> sendSynchronous("q", self(), LONG))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("itself");
            assertThatThrownBy(() -> sendSynchronous("q", self())) // would wait for ever if it were sent
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("itself");
            Scenario.assertMailboxEmpty();
        });
    }
}
