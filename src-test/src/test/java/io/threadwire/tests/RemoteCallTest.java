package io.threadwire.tests;

import static io.threadwire.core.Messaging.handleSynchronous;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.replySynchronous;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.CallFailedException;
import io.threadwire.core.ExitReason;
import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.Synchronous;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Worker;
import io.threadwire.tests.support.Tolerant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Synchronous calls to threads of other nodes: replies, timeouts, late replies, and a node that goes away. */
class RemoteCallTest {
    /** Sent by a worker to the test thread at a point the test waits for. */
    record Report(String what) {
    }

    @RegisterExtension
    final Cluster cluster = Cluster.of(2, Tolerant::tolerant);

    /** Scenario: a call without a timeout to a thread of another node returns its reply. */
    @Test
    void aCallWithoutTimeoutReturnsTheReply() {
        Node a = cluster.node(0);
        Node b = cluster.node(1);
        Worker<Void> server = Worker.run(b, "server", () -> handleSynchronous(x -> "pong:" + x));
        b.registerRemoteThread(server.thread(), "server");
        Worker<Object> caller = Worker.start(a, "caller", () -> sendSynchronous("ping", b.remoteThread("server")));
        assertThat(caller.join()).isEqualTo("pong:ping");
        server.join();
    }

    /**
     * Scenario: a thread calls itself through a handle of its own node (its registered name, or
     * its id), without a timeout: refused at once, as a call to its local handle is, rather than
     * waiting for ever for a reply only it could give.
     */
    @Test
    void aCallToItselfThroughAHandleOfItsOwnNodeIsRefused() {
        Node a = cluster.node(0);
        Worker<List<String>> caller = Worker.start(a, "caller", () -> {
            a.registerRemoteThread(self(), "me");
            RemoteThread byId = new RemoteThread.ById(a.address(), a.incarnation(), self().id());
            List<String> refusals = new ArrayList<>();
            for (RemoteThread me : List.of(a.remoteThread("me"), byId)) {
                try {
                    sendSynchronous("ping", me);
                    refusals.add("answered");
                } catch (IllegalArgumentException e) {
                    refusals.add(e.getMessage());
                }
            }
            return refusals;
        });
        assertThat(caller.join()).hasSize(2).allSatisfy(m -> assertThat(m).contains("call to itself"));
    }

    /** Scenario: on 2 and 5 nodes every node calls, with a timeout, a server on every other node at once; each gets its own reply. */
    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {2, 5})
    void callsWithTimeoutBetweenEveryPairReturnTheirReplies(int nodes) {
        try (Cluster c = Cluster.of(nodes, Tolerant::tolerant).start()) {
            List<Worker<Void>> servers = new ArrayList<>();
            for (Node node : c.nodes()) {
                Worker<Void> server = Worker.run(node, "server", () -> {
                    for (int i = 0; i < nodes - 1; i++) {
                        handleSynchronous(x -> x + "@" + node.address().port());
                    }
                });
                node.registerRemoteThread(server.thread(), "server");
                servers.add(server);
            }
            List<Worker<List<Object>>> callers = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                int me = i;
                callers.add(Worker.start(c.node(i), "caller", () -> {
                    List<Object> replies = new ArrayList<>();
                    for (Node other : c.nodes()) {
                        if (other != c.node(me)) {
                            replies.add(sendSynchronous("from" + me, other.remoteThread("server"), LONG));
                        }
                    }
                    return replies;
                }));
            }
            for (int i = 0; i < nodes; i++) {
                List<Object> expected = new ArrayList<>();
                for (Node other : c.nodes()) {
                    if (other != c.node(i)) {
                        expected.add("from" + i + "@" + other.address().port());
                    }
                }
                assertThat(callers.get(i).join()).isEqualTo(expected);
            }
            servers.forEach(Worker::join);
        }
    }

    /** Scenario: a call to a thread of another node that does not answer in time fails with ReceiveTimeoutException. */
    @Test
    void aCallNotAnsweredInTimeFailsWithReceiveTimeout() {
        Node a = cluster.node(0);
        Node b = cluster.node(1);
        Worker<Void> silent = Worker.run(b, "silent", () -> {
            receive(Synchronous.class, LONG);
            receiveIf("finish"::equals, LONG); // holds the request unanswered until the test is done
        });
        b.registerRemoteThread(silent.thread(), "silent");
        Duration timeout = Duration.ofMillis(300);
        Worker<Long> caller = Worker.start(a, "caller", () -> {
            long start = System.nanoTime();
            assertThatThrownBy(() -> sendSynchronous("anyone?", b.remoteThread("silent"), timeout))
                    .isInstanceOf(ReceiveTimeoutException.class);
            return System.nanoTime() - start;
        });
        assertThat(Duration.ofNanos(caller.join())).isGreaterThanOrEqualTo(timeout);
        send("finish", silent.thread());
        silent.join();
    }

    /**
     * Scenario: a reply that arrives after the call timed out is discarded: the caller's next
     * message is the one the server sent after its reply.
     */
    @Test
    void aReplyAfterTheTimeoutIsDiscarded() {
        Node a = cluster.node(0);
        Node b = cluster.node(1);
        LocalThread test = self();
        Worker<Void> slow = Worker.run(b, "slow", () -> {
            Synchronous request = receive(Synchronous.class, LONG);
            receiveIf("go"::equals, LONG);
            replySynchronous("late reply", request);
            send("after the reply", request.sender()); // same sender and receiver: arrives after the reply
        });
        b.registerRemoteThread(slow.thread(), "slow");
        Worker<Object> caller = Worker.start(a, "caller", () -> {
            assertThatThrownBy(() -> sendSynchronous("question", b.remoteThread("slow"), Duration.ofMillis(200)))
                    .isInstanceOf(ReceiveTimeoutException.class);
            send(new Report("timed out"), test);
            Object next = receive(LONG);
            assertThatThrownBy(() -> receive(Duration.ZERO)).as("anything else in the caller's mailbox")
                    .isInstanceOf(ReceiveTimeoutException.class);
            return next;
        });
        receiveIf(new Report("timed out")::equals, LONG);
        send("go", slow.thread());
        slow.join();
        assertThat(caller.join()).isEqualTo("after the reply");
    }

    /** Scenario: the node of a thread that holds a call unanswered is closed; the caller fails at once, not at its timeout. */
    @Test
    void aCallFailsPromptlyWhenTheTargetNodeCloses() {
        Node a = cluster.node(0);
        Node b = cluster.node(1);
        LocalThread test = self();
        Worker<Void> holder = Worker.run(b, "holder", () -> {
            receive(Synchronous.class, LONG);
            send(new Report("holding the call"), test);
            receive(LONG); // until the node closes
        });
        b.registerRemoteThread(holder.thread(), "holder");
        Duration callTimeout = LONG.multipliedBy(4);
        Worker<CallFailedException> caller = Worker.start(a, "caller", () -> {
            try {
                sendSynchronous("question", RemoteThread.named(b.address(), "holder"), callTimeout);
                return null;
            } catch (CallFailedException e) {
                return e;
            }
        });
        receiveIf(new Report("holding the call")::equals, LONG);
        long start = System.nanoTime();
        b.close();
        CallFailedException failure = caller.join();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(failure).as("the call's failure").isNotNull();
        assertThat(failure.reason()).isIn(ExitReason.SHUTDOWN, ExitReason.NOCONNECTION);
        assertThat(elapsed).isLessThan(LONG.dividedBy(3));
        assertThatThrownBy(holder::join).isInstanceOf(RuntimeException.class); // stopped by the close
    }
}
