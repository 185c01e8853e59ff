package io.threadwire.core;

import static io.threadwire.core.Messaging.awaitServing;
import static io.threadwire.core.Messaging.callAsync;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.replySynchronous;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Scenario.Runner;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** awaitServing: waiting for a reply while serving the requests that arrive meanwhile. */
class AwaitServingTest {

    /** What ping sends pong, pong sends ping back from inside its handler, and pong answers. */
    record Ping(int round) {
    }

    record Callback(int round) {
    }

    record Pong(int round, Object fromPing) {
    }

    /**
     * AVM's ping-pong: ping calls pong, and pong, before it replies, calls ping back; ping
     * answers the call-back while it waits for pong's reply. 1,000 rounds, no timeout needed.
     */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void pingPongWithCallBacks(Runner runner) {
        int rounds = 1_000;
        Scenario.run(runner, s -> {
            LocalThread pong = s.spawn(() -> {
                for (int i = 0; i < rounds; i++) {
                    Synchronous ping = receive(Synchronous.class);
                    Object back = sendSynchronous(new Callback(((Ping) ping.data()).round()), ping.sender());
                    replySynchronous(new Pong(((Ping) ping.data()).round(), back), ping);
                }
            });
            for (int i = 0; i < rounds; i++) {
                Object reply = awaitServing(callAsync(new Ping(i), pong),
                        callback -> "ping answers call-back " + ((Callback) callback).round());
                assertThat(reply).isEqualTo(new Pong(i, "ping answers call-back " + i));
            }
        });
    }

    /** Requests are served oldest first and other messages stay queued, in their order. */
    @Test
    void servesRequestsInOrderAndLeavesOtherMessages() {
        Scenario.run(s -> {
            LocalThread me = self();
            LocalThread callers = s.spawn(() -> {
                Synchronous call = receive(Synchronous.class, LONG); // me's call, answered last
                send("a message", me);
                assertThat(sendSynchronous(1, me, LONG)).isEqualTo(10);
                assertThat(sendSynchronous(2, me, LONG)).isEqualTo(20);
                send("another message", me);
                replySynchronous("done", call);
            });
            assertThat(awaitServing(callAsync("go", callers, LONG), n -> (Integer) n * 10)).isEqualTo("done");
            assertThat(receive(LONG)).isEqualTo("a message");
            assertThat(receive(LONG)).isEqualTo("another message");
        });
    }

    /** A thread may call itself asynchronously and serve its own request while it waits. */
    @ParameterizedTest
    @EnumSource(Runner.class)
    void callToSelfIsServed(Runner runner) {
        Scenario.run(runner, s -> assertThat(awaitServing(callAsync(4, self(), LONG), n -> (Integer) n + 1))
                .isEqualTo(5));
    }

    /** The call's failure is thrown as sendSynchronous would throw it, not wrapped. */
    @Test
    void failureIsThrownUnwrapped() {
        Boom boom = new Boom("callee failed");
        Scenario.run(s -> {
            LocalThread callee = s.spawn(() -> {
                receive(Synchronous.class, LONG);
                throw boom;
            });
            assertThatThrownBy(() -> awaitServing(callAsync("q", callee, LONG), data -> data))
                    .isExactlyInstanceOf(CallFailedException.class).hasCause(boom);
        });
    }

    /** A future completed by another thread, not a call, also ends the wait; a cancelled one throws CancellationException. */
    @Test
    void anyFutureEndsTheWait() {
        Scenario.run(s -> {
            CompletableFuture<String> done = new CompletableFuture<>();
            s.spawn(() -> done.complete("completed elsewhere"));
            assertThat(awaitServing(done, data -> data)).isEqualTo("completed elsewhere");
            CompletableFuture<String> cancelled = new CompletableFuture<>();
            s.spawn(() -> cancelled.cancel(false));
            assertThatThrownBy(() -> awaitServing(cancelled, data -> data)).isInstanceOf(CancellationException.class);
        });
    }
}
