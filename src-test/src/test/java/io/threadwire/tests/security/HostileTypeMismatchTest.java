package io.threadwire.tests.security;

import static io.threadwire.core.Messaging.send;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.ClassNotAdmittedByNodeException;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.serialize.ClassNotAdmittedException;
import io.threadwire.testkit.LogCapture;
import io.threadwire.tests.deploy.Order;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario: two nodes configured differently, a deploy mismatch: the sending node admits a
 * class ({@link Order}, registered) that the receiving node does not. The nodes told each
 * other what they admit when they connected, so a {@code send} of such a message fails at once
 * with {@link ClassNotAdmittedException} naming the receiving node, and nothing is lost: the
 * messages around it arrive in order and the connection stays (before, the send succeeded and
 * the receiver dropped it, or closed the connection). A message the receiver still cannot
 * decode is dropped, counted and logged by class name, and the connection stays.
 */
class HostileTypeMismatchTest {
    private Node sending;
    private Node receiving;
    private Bystander bystander;
    private final LocalThread test = Messaging.self();

    @BeforeEach
    void startTwoNodesConfiguredDifferently() {
        byte[] s = new byte[32];
        new SecureRandom().nextBytes(s);
        String secret = HexFormat.of().formatHex(s);
        NodeConfig.Builder base = NodeConfig.builder().port(0).secret(secret).allowPackage(AttackedNode.PACKAGE);
        sending = Node.start(base.register(Order.class).name("sender").build());
        receiving = Node.start(NodeConfig.builder().port(0).secret(secret).allowPackage(AttackedNode.PACKAGE)
                .name("receiver").build());
        bystander = new Bystander(sending, receiving);
    }

    @AfterEach
    void close() {
        sending.close();
        receiving.close();
    }

    /** The send of a class the receiver does not admit fails at send, naming the receiver; the messages around it arrive in order. */
    @Test
    void aSendOfAClassThePeerDoesNotAdmitFailsAtSend() throws Exception {
        RemoteThread sink = receiving.remoteThread(Bystander.SINK);
        sending.spawn(() -> {
            send("before", sink);
            try {
                send(new Order(1, "book"), sink);
                send("sent", test);
            } catch (ClassNotAdmittedException e) {
                send(e, test);
            }
            send("after", sink);
        });
        Object outcome = Messaging.receiveIf(m -> m instanceof Throwable || "sent".equals(m), LONG);
        assertThat(outcome).isInstanceOf(ClassNotAdmittedByNodeException.class);
        ClassNotAdmittedByNodeException e = (ClassNotAdmittedByNodeException) outcome;
        assertThat(e.className()).isEqualTo(Order.class.getName());
        assertThat(e.node()).isEqualTo(receiving.address());
        assertThat(e.nodeName()).isEqualTo("receiver");
        assertThat(e.getMessage()).contains(receiving.address().toString()).contains("'receiver'")
                .contains(Order.class.getName()).contains("register");
        bystander.awaitForeign("before");
        bystander.awaitForeign("after");
        bystander.assertServed(Bystander.MESSAGES);
    }

    /** A reply of a class the caller's node does not admit fails at replySynchronous, naming that node. */
    @Test
    void aReplyOfAClassThePeerDoesNotAdmitFailsAtReply() throws Exception {
        LocalThread server = sending.spawn(() -> {
            io.threadwire.core.Synchronous call = Messaging.receive(io.threadwire.core.Synchronous.class);
            try {
                Messaging.replySynchronous(new Order(2, "pen"), call);
            } catch (ClassNotAdmittedByNodeException e) {
                send(e.node(), test);
                Messaging.replySynchronous("instead", call);
            }
        });
        sending.registerRemoteThread(server, "server");
        RemoteThread remoteServer = sending.remoteThread("server");
        receiving.spawn(() -> send(Messaging.sendSynchronous("order?", remoteServer, LONG), test));
        assertThat(Messaging.receiveIf(m -> m instanceof io.threadwire.core.NodeAddress, LONG)).isEqualTo(receiving.address());
        assertThat(Messaging.receiveIf(m -> m instanceof String s && !s.startsWith("Foreign"), LONG)).isEqualTo("instead");
        bystander.assertServed(Bystander.MESSAGES);
    }

    /**
     * A message the receiver cannot decode despite the exchange (a peer that lies about what it
     * sends) is dropped, counted and logged with its class name; the connection stays.
     */
    @Test
    void aMessageThatStillFailsToDecodeIsDroppedAndLoggedByClassName() throws Exception {
        long droppedBefore = receiving.stats().messagesDropped();
        try (LogCapture log = LogCapture.start();
             RawPeer p = RawPeer.connect(receiving.address()).authenticate(secretOf(receiving))) {
            p.sendItems(RawPeer.sendByName(Bystander.SINK, Payloads.className("com.example.NotHere", new byte[] {1})));
            p.sync();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("com.example.NotHere")
                    .contains("dropped a message"));
        }
        assertThat(receiving.stats().messagesDropped()).isEqualTo(droppedBefore + 1);
        bystander.assertServed(Bystander.MESSAGES);
    }

    private static byte[] secretOf(Node node) {
        return node.config().security().secret();
    }
}
