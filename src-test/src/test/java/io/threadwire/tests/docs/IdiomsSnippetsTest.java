package io.threadwire.tests.docs;

import static io.threadwire.core.Messaging.exit;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendAfter;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.samples.guides.Idioms;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The idioms the "Coming from Erlang/Akka" guides show do what the guides say. */
class IdiomsSnippetsTest {
    @Test
    void castsThenACallSeeBothCasts() {
        LocalThread counter = Idioms.startCounter();
        try {
            assertThat(Idioms.castAndCall(counter)).isEqualTo(12L);
            assertThat(Idioms.ask(counter).orTimeout(Timeouts.LONG.toSeconds(), TimeUnit.SECONDS).join())
                    .isEqualTo(12L);
        } finally {
            exit(counter, "test over");
        }
    }

    @Test
    void receiveWithAfterTakesTheMatchingMessageAndLeavesTheOthers() {
        send("unrelated", self());
        send("reply: 42", self());
        assertThat(Idioms.receiveWithAfter(Timeouts.LONG)).isEqualTo("reply: 42");
        assertThat(Idioms.receiveWithAfter(Duration.ofMillis(50))).isEqualTo("timeout");
        assertThat(receive(Timeouts.LONG)).isEqualTo("unrelated");
    }

    @Test
    void aCancelledTimerSendsNothing() {
        assertThat(Idioms.sendAfterAndCancel()).isTrue();
        // a timer due after the cancelled one: had "tick" not been stopped, it would come first
        sendAfter(Duration.ofMillis(1500), "later", self());
        assertThat(receive(Timeouts.LONG)).isEqualTo("later");
    }
}
