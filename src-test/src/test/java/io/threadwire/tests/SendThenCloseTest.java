package io.threadwire.tests;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.tests.support.Tolerant.tolerant;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.distributed.Distributed;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A node that sends and closes at once, as the {@code send} command of the samples does: what
 * it sent before {@code close()} reaches the peer, though the connection was still being made
 * when it was sent (the message waited for it) and the node closed straight after.
 */
class SendThenCloseTest {
    private static final int SENDERS = 40;

    /** Scenario: 40 nodes in turn start, send "hello i" by name to the logger of a node here, and close; the logger receives all 40. */
    @Test
    void everyMessageSentJustBeforeCloseArrives() throws Exception {
        try (Node here = Node.start(tolerant(NodeConfig.builder()).build())) {
            List<Object> got = new CopyOnWriteArrayList<>();
            Worker<List<Object>> logger = Worker.start(here, "logger", () -> {
                for (int i = 0; i < SENDERS; i++) {
                    got.add(receive(LONG));
                }
                return got;
            });
            here.registerRemoteThread(logger.thread(), "logger");
            List<Object> sent = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                String message = "hello " + i;
                try (Node sender = Node.start(tolerant(NodeConfig.builder()).build())) {
                    Worker.run(sender, "sender", () -> send(message,
                            Distributed.remoteThread(here.address().host(), here.address().port(), "logger"))).join();
                }
                sent.add(message);
                Timeouts.await(() -> got.size() == sent.size(), "the logger has " + message);
            }
            assertThat(logger.join()).containsExactlyElementsOf(sent);
        }
    }
}
