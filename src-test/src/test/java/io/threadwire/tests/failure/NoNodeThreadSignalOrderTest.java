package io.threadwire.tests.failure;

import static io.threadwire.core.Messaging.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Down;
import io.threadwire.core.ExitSignalException;
import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Distributed;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A thread of no node (main, a platform thread) and a thread of another node of its JVM than the
 * default one: whichever handle either holds (its LocalThread, or the remote handle a name or a
 * travelled handle gives), what the one sends to the other and the other's signals (a Down) take
 * one way, so they keep their order ("Messages from one sending thread to one receiving thread
 * arrive in the order they were sent"; "Signals keep their order with messages between two
 * threads", README Guarantees). A remote handle went through the default node's connection
 * while the LocalThread went straight to the mailbox, so the second passed the first.
 */
class NoNodeThreadSignalOrderTest {
    private static NodeConfig config() {
        return NodeConfig.builder().port(0).host("127.0.0.1").secret("the no-node signal order test").build();
    }

    /** Scenario: main sends to a thread of node b by name, then by its LocalThread. */
    @Test
    void messagesByEitherHandleArriveInOrder() throws Exception {
        try (Node home = Distributed.startNode(config()); Node other = Node.start(config())) {
            CompletableFuture<List<Object>> seen = new CompletableFuture<>();
            LocalThread w = other.spawn(() -> seen.complete(List.of(receive(Timeouts.LONG), receive(Timeouts.LONG))));
            other.registerRemoteThread(w, "w");
            RemoteThread byName = other.remoteThread("w");
            send("first", byName);
            send("second", w);
            assertThat(seen.get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).containsExactly("first", "second");
        }
    }

    /**
     * Scenario: a thread of node b monitors a platform thread by the handle it was sent; the
     * platform thread sends it its last messages by name, and tells itself to exit. The Down must come after it.
     */
    @Test
    void theDownOfAThreadOfNoNodeComesAfterItsLastMessage() throws Exception {
        try (Node home = Distributed.startNode(config()); Node other = Node.start(config())) {
            CompletableFuture<List<Object>> seen = new CompletableFuture<>();
            LocalThread w = other.spawn(() -> {
                LocalThread sender = receive(LocalThread.class, Timeouts.LONG);
                monitor(sender);
                send("monitoring", sender);
                List<Object> got = new ArrayList<>();
                Object m;
                do {
                    m = receive(Timeouts.LONG);
                    if (!(m instanceof Integer)) {
                        got.add(m instanceof Down ? "Down" : m);
                    }
                    if ("first".equals(m)) {
                        send("got first", sender);
                    }
                } while (!(m instanceof Down));
                seen.complete(got);
            });
            other.registerRemoteThread(w, "w");
            RemoteThread byName = other.remoteThread("w");
            Thread p = Thread.ofPlatform().start(() -> {
                send(self(), w);
                receiveIf("monitoring"::equals, Timeouts.LONG);
                send("first", byName); // the connection is up once its answer is back
                receiveIf("got first"::equals, Timeouts.LONG);
                for (int i = 0; i < 1000; i++) {
                    send(i, byName);
                }
                send("last", byName);
                try {
                    exit(self(), "done"); // its threadwire life ends here, and its monitors fire
                } catch (ExitSignalException expected) {
                    // the signal to itself, thrown at once
                }
            });
            p.join(Timeouts.LONG.toMillis());
            assertThat(seen.get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).containsExactly("first", "last", "Down");
        }
    }

    /**
     * Scenario: the other way round. A thread of node b sends its last messages to main by the
     * name main registered (on the default node), and ends; main monitors it by its LocalThread.
     */
    @Test
    void theDownOfAThreadOfANodeComesAfterItsLastMessageToAThreadOfNoNode() throws Exception {
        try (Node home = Distributed.startNode(config()); Node other = Node.start(config())) {
            Distributed.registerRemoteThread(self(), "main");
            RemoteThread mainByName = home.remoteThread("main");
            LocalThread w = other.spawn(() -> {
                receiveIf("go"::equals, Timeouts.LONG);
                for (int i = 0; i < 1000; i++) {
                    send(i, mainByName);
                }
                send("last", mainByName);
            });
            monitor(w);
            send("go", w);
            List<Object> got = new ArrayList<>();
            Object m;
            do {
                m = receive(Timeouts.LONG);
                if (!(m instanceof Integer)) {
                    got.add(m instanceof Down ? "Down" : m);
                }
            } while (!(m instanceof Down));
            assertThat(got).containsExactly("last", "Down");
            Distributed.unregisterRemoteThread("main");
        }
    }
}
