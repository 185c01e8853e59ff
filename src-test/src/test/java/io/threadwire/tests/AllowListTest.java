package io.threadwire.tests;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.tests.support.Tolerant.tolerant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.ClassNotAdmittedByNodeException;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUp;
import io.threadwire.serialize.ClassNotAdmittedException;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Classes outside a node's allow-list, or outside its peer's, refused by the sending node. */
class AllowListTest {
    /** Registered on every node of these tests. */
    record Admitted(String text) {
    }

    /** Admitted nowhere. */
    record Outsider(String text) {
    }

    /** Counts its instances, to show a refusing node never makes one. */
    record Counted(int n) {
        static final AtomicInteger CREATED = new AtomicInteger();

        Counted {
            CREATED.incrementAndGet();
        }
    }

    /** How the sending node admits {@link Counted}. */
    enum Admission {
        REGISTERED(b -> b.register(Counted.class)),
        PACKAGE(b -> b.allowPackage("io.threadwire.tests"));

        final UnaryOperator<NodeConfig.Builder> configure;

        Admission(UnaryOperator<NodeConfig.Builder> configure) {
            this.configure = configure;
        }
    }

    /**
     * Scenario: sending an object of a class the node does not admit, alone or inside a list,
     * throws ClassNotAdmittedException naming the class, and nothing reaches the receiver.
     */
    @Test
    void theSenderRefusesAClassOutsideItsAllowList() {
        try (Cluster cluster = Cluster.of(2, b -> tolerant(b).register(Admitted.class)).start()) {
            Node a = cluster.node(0);
            Node b = cluster.node(1);
            Worker<Object> sink = Worker.start(b, "sink", () -> receive(LONG));
            b.registerRemoteThread(sink.thread(), "sink");
            Worker.run(a, "sender", () -> {
                RemoteThread target = b.remoteThread("sink");
                for (Object refused : List.of(new Outsider("alone"), List.of(new Admitted("ok"), new Outsider("inside")))) {
                    assertThatThrownBy(() -> send(refused, target))
                            .isInstanceOfSatisfying(ClassNotAdmittedException.class,
                                    e -> assertThat(e.className()).isEqualTo(Outsider.class.getName()))
                            .hasMessageContaining(Outsider.class.getName());
                }
                send(new Admitted("after"), target);
            }).join();
            assertThat(sink.join()).isEqualTo(new Admitted("after"));
            assertThat(a.stats().messagesSent()).as("messages that left node A").isEqualTo(1);
        }
    }

    /**
     * Scenario: node A admits Counted (by registration or by package), node B does not. The
     * nodes told each other what they admit when they connected, so A's {@code send} fails at
     * once with {@link ClassNotAdmittedByNodeException} naming B and the class; nothing is sent, B
     * makes no Counted and drops nothing, and the connection stays: a message sent after it
     * arrives, and A sees no NodeDown. (A message B still cannot decode, from a peer that lies
     * about what it sends, is dropped and logged by class name: HostileTypeMismatchTest.)
     */
    @ParameterizedTest
    @EnumSource(Admission.class)
    void theSenderRefusesAClassTheReceiverDoesNotAdmitAndKeepsTheConnection(Admission admission) {
        AtomicInteger started = new AtomicInteger();
        // node 0 (the sender) admits Counted; node 1 admits built-in types only
        UnaryOperator<NodeConfig.Builder> configure =
                b -> started.getAndIncrement() == 0 ? admission.configure.apply(tolerant(b)) : tolerant(b);
        try (Cluster cluster = Cluster.of(2, configure).start()) {
            Node a = cluster.node(0);
            Node b = cluster.node(1);
            Worker<Object> sink = Worker.start(b, "sink", () -> {
                Object first = receive(LONG);
                send("ack", RemoteThread.named(a.address(), "sender"));
                return first;
            });
            b.registerRemoteThread(sink.thread(), "sink");
            Counted counted = new Counted(1);
            int created = Counted.CREATED.get();
            long droppedBefore = b.stats().messagesDropped();
            Worker.run(a, "sender", () -> {
                a.registerRemoteThread(self(), "sender");
                a.monitorNode(b.address());
                receive(NodeUp.class, LONG);
                RemoteThread target = b.remoteThread("sink");
                assertThatThrownBy(() -> send(counted, target))
                        .isInstanceOfSatisfying(ClassNotAdmittedByNodeException.class, e -> {
                            assertThat(e.node()).isEqualTo(b.address());
                            assertThat(e.className()).isEqualTo(Counted.class.getName());
                        })
                        .hasMessageContaining(b.address().toString());
                send("after", target);
                receiveIf("ack"::equals, LONG);
                assertThatThrownBy(() -> receiveIf(NodeDown.class::isInstance, Duration.ZERO))
                        .as("a NodeDown in the mailbox").isInstanceOf(ReceiveTimeoutException.class);
            }).join();
            assertThat(sink.join()).isEqualTo("after");
            assertThat(Counted.CREATED.get()).as("Counted instances made").isEqualTo(created);
            assertThat(b.stats().messagesDropped() - droppedBefore).as("messages B dropped").isZero();
        }
    }

    /**
     * Scenario: as above, but A sends the Counted before any connection to B exists, so A does
     * not know yet what B admits: the message is kept while the connection is made and the send
     * returns normally (a send never throws for the network). When the connection comes up and
     * B's types are known, the Counted is dropped and counted on A, never written to B; the
     * message sent after it arrives, first; B makes no Counted and drops nothing (A makes one: it
     * encodes again what it kept from the bytes it encoded at send, see KeptMessageEncodingTest).
     */
    @ParameterizedTest
    @EnumSource(Admission.class)
    void aMessageKeptWhileConnectingIsCheckedAgainstTheReceiversTypesWhenTheConnectionComesUp(Admission admission) {
        String secret = "allow-list-test-secret-0123456789";
        NodeConfig.Builder sending = admission.configure.apply(tolerant(NodeConfig.builder().port(0).secret(secret)));
        try (Node b = Node.start(tolerant(NodeConfig.builder().port(0).secret(secret)).build());
             Node a = Node.start(sending.build())) {
            Worker<Object> sink = Worker.start(b, "sink", () -> receive(LONG));
            b.registerRemoteThread(sink.thread(), "sink");
            Counted counted = new Counted(1);
            int created = Counted.CREATED.get();
            long droppedOnA = a.stats().messagesDropped();
            Worker.run(a, "sender", () -> {
                RemoteThread target = b.remoteThread("sink");
                assertThat(a.stats().connections()).as("connections of A before the first send").isZero();
                send(counted, target); // kept: no connection yet, B's types unknown
                send("after", target);
            }).join();
            assertThat(sink.join()).isEqualTo("after");
            assertThat(a.stats().messagesDropped() - droppedOnA).as("messages A dropped").isEqualTo(1);
            // one, on A: A decodes what it kept to encode it again for B as it was sent (A admits
            // Counted); none on B, which neither received it (it dropped nothing, and "after" came first)
            assertThat(Counted.CREATED.get()).as("Counted instances made").isEqualTo(created + 1);
            assertThat(b.stats().messagesDropped()).as("messages B dropped").isZero();
        }
    }
}
