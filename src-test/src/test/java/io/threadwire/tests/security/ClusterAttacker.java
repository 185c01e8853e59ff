package io.threadwire.tests.security;

import static io.threadwire.core.Messaging.receiveIf;
import static io.threadwire.core.Messaging.send;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.GlobalNames;
import io.threadwire.distributed.Groups;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * An authenticated peer that speaks the cluster services' own protocol with ill intent: a real
 * node that holds the attacked cluster's secret, whose threads send the services' messages,
 * forged, to the attacked node's services (as a broken or hostile node could). It watches the
 * attacked node, so that a test can wait for the attacked node to cut it off.
 */
final class ClusterAttacker implements AutoCloseable {
    static final String MEMBERS = "threadwire.members";
    static final String GROUPS = "threadwire.groups";
    static final String NAMES = "threadwire.names";
    static final String NODE = "threadwire.node";
    private static final String READY = "attacker-ready";

    final Node node;
    private final NodeAddress target;
    private final LocalThread watcher;
    private final CountDownLatch cutOff = new CountDownLatch(1);

    /** Starts the attacker and connects it to the attacked node of {@code c}. */
    ClusterAttacker(Cluster c) {
        node = Node.start(NodeConfig.builder().secret(AttackedNode.secret(c)).maxMessageSize(AttackedNode.MAX_MESSAGE)
                .allowPackage(AttackedNode.PACKAGE).build());
        target = AttackedNode.attacked(c).address();
        CountDownLatch up = new CountDownLatch(1);
        watcher = node.spawn("watch-attacked", () -> {
            node.monitorNode(target);
            receiveIf(m -> m instanceof NodeUp);
            up.countDown();
            receiveIf(m -> m instanceof NodeDown);
            cutOff.countDown();
        });
        await(up, "the attacker is connected");
        awaitServicesSynced(c);
    }

    /**
     * Waits until the attacked node has what the attacker's own groups and names services sent
     * it when they connected (each a Sync that replaces all the attacked node holds of the
     * attacker): a join and a global name of the attacker's, seen there and then taken back.
     * Forged messages sent after this are not overwritten by a late Sync.
     */
    private void awaitServicesSynced(Cluster c) {
        Node attacked = AttackedNode.attacked(c);
        LocalThread mark = node.spawn(Messaging::receive);
        c.run(node, () -> {
            Groups.join(READY, mark);
            GlobalNames.register(READY, mark);
        });
        Timeouts.await(() -> c.call(attacked, () -> Groups.members(READY).size() == 1
                && GlobalNames.whereis(READY).isPresent()), "the attacked node has the attacker's mark");
        c.run(node, () -> {
            Groups.leave(READY, mark);
            GlobalNames.unregister(READY);
        });
        Timeouts.await(() -> c.call(attacked, () -> Groups.members(READY).isEmpty()
                && GlobalNames.whereis(READY).isEmpty()), "the attacked node no longer has the attacker's mark");
        Messaging.exit(mark, "done");
    }

    /** The handle of a thread of the attacker (no such thread need exist): what forged joins and names name. */
    RemoteThread.ById handle(long id) {
        return new RemoteThread.ById(node.address(), node.incarnation(), id);
    }

    /** Sends {@code count} messages, message {@code i} made by {@code message}, to the attacked node's {@code service}, in order. */
    void flood(String service, int count, IntFunction<Object> message) {
        RemoteThread to = RemoteThread.named(target, service);
        Worker.run(node, "flood", () -> {
            for (int i = 0; i < count; i++) {
                send(message.apply(i), to);
            }
        }).join();
    }

    /** Waits until the attacked node has closed the attacker's connection. */
    void awaitCutOff() {
        await(cutOff, "the attacked node cuts the attacker off");
    }

    /** Whether the attacked node has closed the attacker's connection so far. */
    boolean wasCutOff() {
        return cutOff.getCount() == 0;
    }

    @Override
    public void close() {
        Messaging.exit(watcher, "done");
        node.close();
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("gave up after " + Timeouts.LONG + " waiting until " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
