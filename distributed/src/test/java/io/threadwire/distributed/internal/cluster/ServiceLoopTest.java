package io.threadwire.distributed.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.ThreadwireException;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.testkit.LogCapture;
import io.threadwire.testkit.Timeouts;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A service thread outlives any one message whose handling fails, an Error included. */
class ServiceLoopTest {

    record Ping(Reply reply) implements Request {
    }

    record Boom(Reply reply) implements Request {
    }

    /** A message whose handling throws an exception, as an answer the closing node can no longer send does. */
    record Unsendable(String reason) {
    }

    /** Answers a Ping with "pong"; fails every other message with an Error. */
    static final class Fragile implements Service {
        @Override
        public void start() {
        }

        @Override
        public void handle(Object message) {
            if (message instanceof Ping p) {
                p.reply().complete("pong");
            } else if (message instanceof Unsendable u) {
                throw new IllegalStateException(u.reason());
            } else {
                throw new StackOverflowError("handling " + message.getClass().getSimpleName());
            }
        }
    }

    /** A message (not a request) whose handling throws an Error is dropped, and the service goes on answering. */
    @Test
    void aServiceGoesOnAfterAnErrorInAMessage() {
        LocalThread service = Messaging.spawn(() -> ServiceLoop.run("test.fragile", new Fragile(), () -> false));
        LocalThreads.deliver(service, "a message that fails");
        assertThat(Reply.ask(service, new Ping(new Reply()), Timeouts.LONG)).isEqualTo("pong");
        assertThat(LocalThreads.exitReason(service)).as("the service thread's end").isNull();
        Messaging.exit(service, "test over");
    }

    /** A request whose handling throws an Error is answered with it, and the service goes on answering. */
    @Test
    void aRequestThatFailsWithAnErrorIsAnsweredWithIt() {
        LocalThread service = Messaging.spawn(() -> ServiceLoop.run("test.fragile", new Fragile(), () -> false));
        assertThatThrownBy(() -> Reply.ask(service, new Boom(new Reply()), Timeouts.LONG))
                .isInstanceOf(ThreadwireException.class).hasCauseInstanceOf(StackOverflowError.class);
        assertThat(Reply.ask(service, new Ping(new Reply()), Timeouts.LONG)).isEqualTo("pong");
        Messaging.exit(service, "test over");
    }

    /**
     * A message that fails while the node closes is logged as an ERROR with its stack trace only
     * when the node is open: a node closed while its services answer (a spawn, say, whose answer
     * can no longer be sent) logs no error, and an open node's failure still does.
     */
    @Test
    void aFailureWhileTheNodeClosesLogsNoError() {
        AtomicBoolean closing = new AtomicBoolean();
        try (LogCapture log = LogCapture.start()) {
            LocalThread service = Messaging.spawn(() -> ServiceLoop.run("test.fragile", new Fragile(), closing::get));
            LocalThreads.deliver(service, new Unsendable("failed while open"));
            assertThat(Reply.ask(service, new Ping(new Reply()), Timeouts.LONG)).isEqualTo("pong"); // handled while open
            closing.set(true);
            LocalThreads.deliver(service, new Unsendable("failed while closing"));
            LocalThreads.deliver(service, "fails with an Error, an ERROR even while closing");
            assertThat(Reply.ask(service, new Ping(new Reply()), Timeouts.LONG)).isEqualTo("pong"); // both handled
            Messaging.exit(service, "test over");
            List<String> errors = log.lines().stream().filter(l -> l.contains("ERROR")).toList();
            assertThat(errors).as("ERROR lines").hasSize(2);
            assertThat(log.lines()).as("the log").anyMatch(l -> l.contains("failed while open"))
                    .noneMatch(l -> l.contains("failed while closing"))
                    .anyMatch(l -> l.contains("StackOverflowError: handling String"));
        }
    }
}
