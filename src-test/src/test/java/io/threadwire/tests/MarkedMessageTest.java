package io.threadwire.tests;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.Message;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Node;
import io.threadwire.serialize.ClassNotAdmittedException;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Worker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Message types marked @Message travel between nodes that are configured with nothing at all. */
class MarkedMessageTest {
    @Message
    record Greeting(String text, ThreadRef from) {
    }

    @Message
    enum Tone { WARM, COOL }

    /** A marked record holding a list of another marked record and a marked enum. */
    @Message
    record Letter(List<Greeting> greetings, Tone tone, ThreadRef replyTo) {
    }

    /** Not marked, not registered. */
    record Unmarked(String text) {
    }

    /** Scenario: node A sends a marked record holding its own handle; node B, configured with nothing, answers through it. */
    @Test
    void aMarkedRecordTravelsWithTheDefaultConfiguration() {
        try (Cluster cluster = Cluster.start(2)) {
            Node a = cluster.node(0);
            Node b = cluster.node(1);
            Worker<Greeting> greeter = Worker.start(b, "greeter", () -> {
                Greeting g = receive(Greeting.class, LONG);
                send(new Greeting("hello back", self()), g.from());
                return g;
            });
            b.registerRemoteThread(greeter.thread(), "greeter");
            Worker<Greeting> caller = Worker.start(a, "caller", () -> {
                send(new Greeting("hello", self()), b.remoteThread("greeter"));
                return receive(Greeting.class, LONG);
            });

            Greeting answer = caller.join();
            assertThat(answer.text()).isEqualTo("hello back");
            assertThat(answer.from()).isInstanceOf(RemoteThread.ById.class);
            assertThat(greeter.join().text()).isEqualTo("hello");
        }
    }

    /** Scenario: a marked record holding a list of another marked record and a marked enum arrives whole. */
    @Test
    void nestedMarkedTypesTravelWithTheDefaultConfiguration() {
        try (Cluster cluster = Cluster.start(2)) {
            Node a = cluster.node(0);
            Node b = cluster.node(1);
            Worker<Letter> reader = Worker.start(b, "reader", () -> {
                Letter letter = receive(Letter.class, LONG);
                send(letter.greetings().size(), letter.replyTo());
                return letter;
            });
            b.registerRemoteThread(reader.thread(), "reader");
            Worker<Object> writer = Worker.start(a, "writer", () -> {
                send(new Letter(List.of(new Greeting("one", null), new Greeting("two", null)), Tone.WARM, self()),
                        b.remoteThread("reader"));
                return receive(LONG);
            });

            assertThat(writer.join()).isEqualTo(2);
            Letter letter = reader.join();
            assertThat(letter.greetings()).containsExactly(new Greeting("one", null), new Greeting("two", null));
            assertThat(letter.tone()).isEqualTo(Tone.WARM);
        }
    }

    /** Scenario: sending an unmarked, unregistered record fails at send, naming it and both ways to admit it. */
    @Test
    void anUnmarkedRecordIsRefusedAtSend() {
        try (Cluster cluster = Cluster.start(2)) {
            Node b = cluster.node(1);
            Worker.run(cluster.node(0), "sender", () -> assertThatThrownBy(
                    () -> send(new Unmarked("x"), b.remoteThread("nobody")))
                    .isInstanceOf(ClassNotAdmittedException.class)
                    .hasMessageContaining(Unmarked.class.getName())
                    .hasMessageContaining("@Message")
                    .hasMessageContaining("register(")).join();
        }
    }
}
