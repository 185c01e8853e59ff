package io.threadwire.tests;

import static io.threadwire.core.Messaging.handleSynchronous;
import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static io.threadwire.core.Messaging.sendSynchronous;
import static io.threadwire.testkit.Timeouts.LONG;
import static io.threadwire.tests.support.Tolerant.tolerant;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.LocalThread;
import io.threadwire.core.ReceiveTimeoutException;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.Distributed;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeDown;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sending to threads of other nodes by registered name and by handle, as in Factor's concurrency.distributed tests. */
class RemoteSendTest {
    /** Factor's {@code 5 self}: a number and the thread to answer. */
    record Add(int n, ThreadRef replyTo) {
    }

    /** A handle on its way from node to node. */
    record Pass(ThreadRef origin, int hops) {
    }

    /** The answer of the last node of a chain, sent straight to the origin. */
    record Answer(ThreadRef from, int hops) {
    }

    /** A handle sent out and back. */
    record Echo(ThreadRef handle) {
    }

    private static Cluster start(int nodes) {
        return Cluster.of(nodes, b -> tolerant(b).register(Add.class).register(Pass.class).register(Answer.class)
                .register(Echo.class)).start();
    }

    /**
     * Scenario: on a ring of nodes, each node sends {@code Add(5, self())} by name to the thread
     * registered as "adder" on the next node; the adder sees a RemoteThread naming the sender's
     * node and answers 8 to it.
     */
    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {2, 5})
    void aThreadReachedByNameAnswersTheHandleInTheMessage(int nodes) {
        try (Cluster cluster = start(nodes)) {
            List<Worker<ThreadRef>> adders = new ArrayList<>();
            for (Node node : cluster.nodes()) {
                Worker<ThreadRef> adder = Worker.start(node, "adder", () -> {
                    Add add = receive(Add.class, LONG);
                    send(add.n() + 3, add.replyTo());
                    return add.replyTo();
                });
                node.registerRemoteThread(adder.thread(), "adder");
                adders.add(adder);
            }
            List<Worker<Object>> askers = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                Node next = cluster.node((i + 1) % nodes);
                askers.add(Worker.start(cluster.node(i), "asker", () -> {
                    RemoteThread adder = Distributed.remoteThread(next.address().host(), next.address().port(), "adder");
                    send(new Add(5, self()), adder);
                    return receive(LONG);
                }));
            }
            for (int i = 0; i < nodes; i++) {
                Node asker = cluster.node(i);
                assertThat(askers.get(i).join()).isEqualTo(8);
                assertThat(adders.get((i + 1) % nodes).join())
                        .isEqualTo(new RemoteThread.ById(asker.address(), asker.incarnation(), askers.get(i).thread().id()));
            }
        }
    }

    /** Scenario: Factor's example again with sendSynchronous: each node calls "adder" on the next node with 5 and gets 8. */
    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {2, 5})
    void aSynchronousCallByNameReturnsTheAnswer(int nodes) {
        try (Cluster cluster = start(nodes)) {
            List<Worker<Void>> adders = new ArrayList<>();
            for (Node node : cluster.nodes()) {
                Worker<Void> adder = Worker.run(node, "adder", () -> handleSynchronous(n -> (Integer) n + 3));
                node.registerRemoteThread(adder.thread(), "adder");
                adders.add(adder);
            }
            List<Worker<Object>> callers = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                Node next = cluster.node((i + 1) % nodes);
                callers.add(Worker.start(cluster.node(i), "caller",
                        () -> sendSynchronous(5, RemoteThread.named(next.address(), "adder"), LONG)));
            }
            for (Worker<Object> caller : callers) {
                assertThat(caller.join()).isEqualTo(8);
            }
            adders.forEach(Worker::join);
        }
    }

    /** Scenario: {@code Distributed.send(message, host, port, name)} from a node's thread reaches the named thread. */
    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {2})
    void distributedSendByHostPortAndNameArrives(int nodes) {
        try (Cluster cluster = start(nodes)) {
            Node a = cluster.node(0);
            Node b = cluster.node(1);
            Worker<Object> logger = Worker.start(b, "logger", () -> receive(LONG));
            b.registerRemoteThread(logger.thread(), "logger");
            Worker.run(a, "sender", () -> Distributed.send("hello", b.address().host(), b.address().port(), "logger"))
                    .join();
            assertThat(logger.join()).isEqualTo("hello");
        }
    }

    /**
     * Scenario: node 0 sends its own handle to node 1, which passes it on node by node; the last
     * node answers the origin directly. Every node sees the same handle naming the origin.
     */
    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {3, 5})
    void aHandlePassedAlongIsAnsweredDirectly(int nodes) {
        try (Cluster cluster = start(nodes)) {
            List<Worker<ThreadRef>> relays = new ArrayList<>();
            for (int i = 1; i < nodes; i++) {
                Node next = i + 1 < nodes ? cluster.node(i + 1) : null;
                Worker<ThreadRef> relay = Worker.start(cluster.node(i), "relay", () -> {
                    Pass pass = receive(Pass.class, LONG);
                    if (next == null) {
                        send(new Answer(self(), pass.hops() + 1), pass.origin());
                    } else {
                        send(new Pass(pass.origin(), pass.hops() + 1), RemoteThread.named(next.address(), "relay"));
                    }
                    return pass.origin();
                });
                cluster.node(i).registerRemoteThread(relay.thread(), "relay");
                relays.add(relay);
            }
            Node first = cluster.node(0);
            Node last = cluster.node(nodes - 1);
            Worker<Answer> origin = Worker.start(first, "origin", () -> {
                send(new Pass(self(), 0), RemoteThread.named(cluster.node(1).address(), "relay"));
                return receive(Answer.class, LONG);
            });
            Answer answer = origin.join();
            assertThat(answer.hops()).isEqualTo(nodes - 1);
            assertThat(answer.from()).isInstanceOfSatisfying(RemoteThread.ById.class,
                    from -> assertThat(from.node()).isEqualTo(last.address()));
            RemoteThread.ById originHandle = new RemoteThread.ById(first.address(), first.incarnation(), origin.thread().id());
            for (Worker<ThreadRef> relay : relays) {
                assertThat(relay.join()).isEqualTo(originHandle);
            }
        }
    }

    /** Scenario: a handle sent to another node and sent back arrives as the very LocalThread it started as. */
    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {2})
    void aHandleBackOnItsOwnNodeIsTheOriginalLocalThread(int nodes) {
        try (Cluster cluster = start(nodes)) {
            Node a = cluster.node(0);
            Node b = cluster.node(1);
            Worker<ThreadRef> echo = Worker.start(b, "echo", () -> {
                Echo e = receive(Echo.class, LONG);
                send(new Echo(e.handle()), e.handle());
                return e.handle();
            });
            b.registerRemoteThread(echo.thread(), "echo");
            Worker<ThreadRef> home = Worker.start(a, "home", () -> {
                send(new Echo(self()), RemoteThread.named(b.address(), "echo"));
                return receive(Echo.class, LONG).handle();
            });
            LocalThread original = home.thread();
            assertThat(home.join()).isInstanceOf(LocalThread.class).isSameAs(original).isEqualTo(original);
            assertThat(echo.join()).isInstanceOf(RemoteThread.ById.class);
        }
    }

    /**
     * Scenario: a thread whose interrupt flag is set sends to a thread of another node, 50 times,
     * each time on a connection left idle by a synchronous call (so the sending thread writes the
     * message to the socket itself). Every message arrives in order, the connection is never lost
     * (no {@code NodeDown}), and the sender's interrupt flag is still set after each send: an
     * interrupted sender cannot close a connection that every thread of its node shares.
     */
    @Test
    void anInterruptedSenderLeavesTheConnectionUp() {
        int rounds = 50;
        try (Cluster cluster = start(2)) {
            Node a = cluster.node(0);
            Node b = cluster.node(1);
            Worker<List<Object>> receiver = Worker.start(b, "receiver", () -> {
                List<Object> got = new ArrayList<>();
                while (got.size() < rounds) {
                    handleSynchronous(request -> request); // the sender's call before each send
                    got.add(receive(Integer.class, LONG));
                }
                handleSynchronous(request -> request); // and its last one
                return got;
            });
            b.registerRemoteThread(receiver.thread(), "receiver");
            Worker<List<Object>> sender = Worker.start(a, "sender", () -> {
                RemoteThread target = RemoteThread.named(b.address(), "receiver");
                var watch = a.monitorNode(b.address());
                List<Object> seen = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    sendSynchronous("idle", target, LONG); // the connection is up and idle again
                    Thread.currentThread().interrupt();
                    send(i, target);
                    seen.add(Thread.interrupted() ? "still interrupted" : "interrupt lost");
                }
                sendSynchronous("idle", target, LONG);
                watch.cancel();
                try {
                    seen.add(receiveIf(m -> m instanceof NodeDown, Duration.ZERO));
                } catch (ReceiveTimeoutException none) {
                    seen.add("no NodeDown"); // a loss would have been reported before the last call's new connection
                }
                return seen;
            });
            List<Object> expected = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                expected.add(i);
            }
            assertThat(receiver.join()).isEqualTo(expected);
            assertThat(sender.join()).containsOnly("still interrupted", "no NodeDown").endsWith("no NodeDown");
        }
    }
}
