package io.threadwire.tests;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.CallFailedException;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.NoSuchThreadException;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.Synchronous;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import io.threadwire.tests.support.Tolerant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code callAsync} and {@code awaitServing} with the target on another node: the future
 * completes with the reply or fails as {@code sendSynchronous} would (no such thread, target
 * ended, node lost, timeout); a cancelled call's late reply is discarded; thousands may be in
 * flight from one thread; and two threads on two nodes call each other back (AVM's ping-pong)
 * without a timeout.
 */
class RemoteCallAsyncTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(2, Tolerant::tolerant);

    /** A thread of B that answers every call with "re:" and the request, for ever. */
    private static LocalThread echo(Node b) {
        return b.spawn(() -> {
            for (;;) {
                handleSynchronous(x -> "re:" + x);
            }
        });
    }

    /** The cause of the failure of {@code future}, unwrapped. */
    private static Throwable failureOf(CompletableFuture<Object> future) {
        try {
            future.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    /** Scenario: 10,000 calls in flight at once from one thread of A to a thread of B each complete with their own reply. */
    @Test
    void tenThousandCallsInFlightEachGetTheirReply() {
        LocalThread server = echo(cluster.node(1));
        List<Object> replies = cluster.call(cluster.node(0), () -> {
            List<CompletableFuture<Object>> futures = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                futures.add(callAsync(i, server, LONG));
            }
            List<Object> got = new ArrayList<>();
            for (CompletableFuture<Object> f : futures) {
                got.add(f.join());
            }
            return got;
        });
        for (int i = 0; i < 10_000; i++) {
            assertThat(replies.get(i)).isEqualTo("re:" + i);
        }
    }

    /** Scenario: a call to a name not registered on B fails with NoSuchThreadException. */
    @Test
    void aCallToAnUnknownNameFailsWithNoSuchThread() {
        Node b = cluster.node(1);
        Throwable failure = cluster.call(cluster.node(0), () -> failureOf(callAsync("hi", b.remoteThread("nobody"), LONG)));
        assertThat(failure).isInstanceOf(NoSuchThreadException.class);
    }

    /** Scenario: the target of B takes the request and throws: the future fails with CallFailedException carrying its reason. */
    @Test
    void aTargetThatEndsBeforeReplyingFailsTheCall() {
        LocalThread doomed = cluster.node(1).spawn(() -> {
            receive(Synchronous.class);
            throw new IllegalStateException("no answer");
        });
        Throwable failure = cluster.call(cluster.node(0), () -> failureOf(callAsync("hi", doomed, LONG)));
        assertThat(failure).isInstanceOfSatisfying(CallFailedException.class,
                e -> assertThat(e.reason().toString()).contains("no answer"));
    }

    /** Scenario: the link between A and B is cut while a call waits: the future fails with noconnection. */
    @Test
    void aLostNodeFailsTheCall() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread silent = b.spawn(() -> {
            receive(Synchronous.class);
            receive(); // never replies
        });
        Throwable failure = cluster.call(a, () -> {
            CompletableFuture<Object> f = callAsync("hi", silent);
            Timeouts.await(() -> a.connectedNodes().contains(b.address()), "A is connected to B");
            cluster.disconnect(a, b);
            return failureOf(f);
        });
        assertThat(failure).isInstanceOfSatisfying(CallFailedException.class,
                e -> assertThat(e.reason()).isEqualTo(ExitReason.NOCONNECTION));
    }

    /**
     * Scenario: a call with a short timeout to a thread of B that replies only when told: the
     * future fails with ReceiveTimeoutException, and the reply sent later is discarded, never
     * delivered as a message to the caller.
     */
    @Test
    void aTimedOutCallDiscardsTheLateReply() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread late = b.spawn(() -> {
            Synchronous request = receive(Synchronous.class);
            receive(); // "reply now"
            replySynchronous("too late", request);
            handleSynchronous(x -> "fence");
        });
        Object[] seen = cluster.call(a, () -> {
            Throwable failure = failureOf(callAsync("hi", late, Duration.ofMillis(100)));
            send("reply now", late);
            sendSynchronous("fence", late, LONG); // after the late reply, on the same connection
            Object inMailbox;
            try {
                inMailbox = receive(Duration.ZERO);
            } catch (ReceiveTimeoutException nothing) {
                inMailbox = null;
            }
            return new Object[] {failure, inMailbox};
        });
        assertThat(seen[0]).isInstanceOf(ReceiveTimeoutException.class);
        assertThat(seen[1]).as("the late reply is not delivered as a message").isNull();
    }

    /** Scenario: a cancelled call's reply, sent later, is discarded; another call in flight to the same target still completes. */
    @Test
    void cancellingOneCallLeavesTheOthers() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread server = b.spawn(() -> {
            Synchronous first = receive(Synchronous.class);
            Synchronous second = receive(Synchronous.class);
            receive(String.class); // "go"
            replySynchronous("first", first);
            replySynchronous("second", second);
            handleSynchronous(x -> "fence");
        });
        Object[] seen = cluster.call(a, () -> {
            CompletableFuture<Object> first = callAsync(1, server);
            CompletableFuture<Object> second = callAsync(2, server);
            first.cancel(false);
            send("go", server);
            Object secondReply = second.join();
            sendSynchronous("fence", server, LONG);
            Object inMailbox;
            try {
                inMailbox = receive(Duration.ZERO);
            } catch (ReceiveTimeoutException nothing) {
                inMailbox = null;
            }
            return new Object[] {secondReply, inMailbox, first.isCancelled()};
        });
        assertThat(seen[0]).isEqualTo("second");
        assertThat(seen[1]).isNull();
        assertThat(seen[2]).isEqualTo(true);
    }

    /**
     * Scenario (AVM's ping-pong), 1,000 rounds: ping on A calls pong on B; pong's handler calls
     * ping back before it replies; ping answers that call-back while it waits, with awaitServing.
     * No call has a timeout: a deadlock would hang (the test kit's bound then fails it).
     */
    @Test
    void pingAndPongCallEachOtherBackAcrossNodes() {
        Node a = cluster.node(0), b = cluster.node(1);
        LocalThread pong = b.spawn(() -> {
            for (;;) {
                Synchronous ping = receive(Synchronous.class);
                int n = (Integer) ping.data();
                Object back = sendSynchronous("callback " + n, ping.sender());
                replySynchronous("pong " + n + " after " + back, ping);
            }
        });
        Worker<List<Object>> ping = Worker.start(a, "ping", () -> {
            List<Object> replies = new ArrayList<>();
            for (int n = 0; n < 1_000; n++) {
                replies.add(awaitServing(callAsync(n, pong), callback -> "answered " + callback));
            }
            return replies;
        });
        List<Object> replies = ping.join();
        assertThat(replies).hasSize(1_000);
        for (int n = 0; n < 1_000; n++) {
            assertThat(replies.get(n)).isEqualTo("pong " + n + " after answered callback " + n);
        }
    }

    /** Scenario: awaitServing throws the future's failure unwrapped, as sendSynchronous would. */
    @Test
    void awaitServingThrowsTheFailureUnwrapped() {
        LocalThread doomed = cluster.node(1).spawn(() -> {
            receive(Synchronous.class);
            throw new IllegalStateException("gone");
        });
        ThreadRef target = doomed;
        cluster.run(cluster.node(0), () -> assertThatThrownBy(() -> awaitServing(callAsync("hi", target, LONG), x -> x))
                .isInstanceOf(CallFailedException.class));
    }
}
