package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.distributed.Distributed;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A timer's message "is sent as send would" when it fires: a name in its target is looked up
 * then (Erlang's send_after to a registered name), also when a thread of no node set it for a
 * thread of another node of its JVM, which it reaches directly.
 */
class NoNodeTimerNameTest {
    private static NodeConfig config() {
        return NodeConfig.builder().port(0).host("127.0.0.1").secret("the no-node timer name test").build();
    }

    /** Scenario: main sets a timer for name w on node b; before it fires, w moves to another thread. */
    @Test
    void aTimersNameIsLookedUpWhenItFires() throws Exception {
        try (Node home = Distributed.startNode(config()); Node other = Node.start(config())) {
            CompletableFuture<Object> first = new CompletableFuture<>(), second = new CompletableFuture<>();
            LocalThread w1 = other.spawn(() -> first.complete(receiveOrNothing()));
            LocalThread w2 = other.spawn(() -> second.complete(receiveOrNothing()));
            other.registerRemoteThread(w1, "w");
            sendAfter(Duration.ofMillis(500), "tick", other.remoteThread("w"));
            other.unregisterRemoteThread("w");
            other.registerRemoteThread(w2, "w");
            assertThat(second.get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("tick");
            send("end", w1);
            assertThat(first.get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("end");
        }
    }

    private static Object receiveOrNothing() {
        try {
            return receive(Timeouts.LONG);
        } catch (ReceiveTimeoutException e) {
            return "nothing";
        }
    }
}
