package io.threadwire.tests;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.tests.support.Tolerant.tolerant;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.Message;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.Worker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Messages kept while a connection is made, and encoded again for the peer's types when it
 * comes up: one that cannot be encoded then must not take the connection, nor the messages
 * kept behind it, down with it.
 */
class KeptMessageEncodingTest {
    /** Registered on the sending node only, so that the two nodes admit different types. */
    record OnlyOnTheSender(int n) {
    }

    /** A message whose encoding fails once {@link #ARMED}: as one whose content changed after it was sent. */
    @Message
    record Bomb(int n) {
        static volatile boolean armed;

        @Override
        public int n() {
            if (armed) {
                throw new IllegalStateException("this message can no longer be encoded");
            }
            return n;
        }
    }

    /**
     * Scenario: before any connection between A and B (which admit different types), a thread
     * of A sends a message that encodes at {@code send} but fails to encode when the connection
     * comes up and it is encoded again for B's types, then sends "after". "after" arrives, and
     * the failed message is dropped and counted on A, as one B does not admit is.
     */
    @Test
    void aKeptMessageThatFailsToEncodeForThePeerIsDroppedAndTheNextArrives() {
        String secret = "kept-message-encoding-test-secret-0123456789";
        try (Node b = Node.start(tolerant(NodeConfig.builder().port(0).secret(secret)).build());
             Node a = Node.start(tolerant(NodeConfig.builder().port(0).secret(secret))
                     .register(OnlyOnTheSender.class).build())) {
            Worker<Object> sink = Worker.start(b, "sink", () -> receive(LONG));
            b.registerRemoteThread(sink.thread(), "sink");
            long droppedOnA = a.stats().messagesDropped();
            try {
                Worker.run(a, "sender", () -> {
                    RemoteThread target = b.remoteThread("sink");
                    assertThat(a.stats().connections()).as("connections of A before the first send").isZero();
                    send(new Bomb(1), target); // kept: no connection yet, B's types unknown
                    Bomb.armed = true;         // before the connection is up: a handshake takes a round trip or two
                    send("after", target);
                }).join();
                assertThat(sink.join()).isEqualTo("after");
                assertThat(a.stats().messagesDropped() - droppedOnA).as("messages A dropped").isEqualTo(1);
            } finally {
                Bomb.armed = false;
            }
        }
    }

    /**
     * Scenario: as above, a thread of A sends a list before any connection, then changes the
     * list. B receives the list as it was when it was sent: a send takes its message as it is
     * then, even when the message waits for the connection and is encoded again for B's types.
     */
    @Test
    void aKeptMessageArrivesAsItWasWhenSentNotAsItIsWhenTheConnectionComesUp() {
        String secret = "kept-message-encoding-test-secret-0123456789";
        try (Node b = Node.start(tolerant(NodeConfig.builder().port(0).secret(secret)).build());
             Node a = Node.start(tolerant(NodeConfig.builder().port(0).secret(secret))
                     .register(OnlyOnTheSender.class).build())) {
            Worker<Object> sink = Worker.start(b, "sink", () -> receive(LONG));
            b.registerRemoteThread(sink.thread(), "sink");
            Worker.run(a, "sender", () -> {
                RemoteThread target = b.remoteThread("sink");
                assertThat(a.stats().connections()).as("connections of A before the first send").isZero();
                List<String> list = new ArrayList<>(List.of("as sent"));
                send(list, target);      // kept: no connection yet, B's types unknown
                list.set(0, "changed");  // after the send, before the connection is up
            }).join();
            assertThat(sink.join()).isEqualTo(List.of("as sent"));
        }
    }
}
