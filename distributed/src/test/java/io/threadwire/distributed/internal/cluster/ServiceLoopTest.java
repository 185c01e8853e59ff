package io.threadwire.distributed.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.ThreadwireException;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.testkit.Timeouts;
import org.junit.jupiter.api.Test;

/** A service thread outlives any one message whose handling fails, an Error included. */
class ServiceLoopTest {

    record Ping(Reply reply) implements Request {
    }

    record Boom(Reply reply) implements Request {
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
            } else {
                throw new StackOverflowError("handling " + message.getClass().getSimpleName());
            }
        }
    }

    /** A message (not a request) whose handling throws an Error is dropped, and the service goes on answering. */
    @Test
    void aServiceGoesOnAfterAnErrorInAMessage() {
        LocalThread service = Messaging.spawn(() -> ServiceLoop.run("test.fragile", new Fragile()));
        LocalThreads.deliver(service, "a message that fails");
        assertThat(Reply.ask(service, new Ping(new Reply()), Timeouts.LONG)).isEqualTo("pong");
        assertThat(LocalThreads.exitReason(service)).as("the service thread's end").isNull();
        Messaging.exit(service, "test over");
    }

    /** A request whose handling throws an Error is answered with it, and the service goes on answering. */
    @Test
    void aRequestThatFailsWithAnErrorIsAnsweredWithIt() {
        LocalThread service = Messaging.spawn(() -> ServiceLoop.run("test.fragile", new Fragile()));
        assertThatThrownBy(() -> Reply.ask(service, new Boom(new Reply()), Timeouts.LONG))
                .isInstanceOf(ThreadwireException.class).hasCauseInstanceOf(StackOverflowError.class);
        assertThat(Reply.ask(service, new Ping(new Reply()), Timeouts.LONG)).isEqualTo("pong");
        Messaging.exit(service, "test over");
    }
}
