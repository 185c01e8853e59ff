package io.threadwire.tests.cluster;

import static io.threadwire.core.Messaging.receive;
import static io.threadwire.core.Messaging.self;
import static io.threadwire.core.Messaging.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threadwire.core.LocalThread;
import io.threadwire.core.Messaging;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.distributed.GlobalNames;
import io.threadwire.distributed.Groups;
import io.threadwire.distributed.Member;
import io.threadwire.distributed.Node;
import io.threadwire.distributed.NodeConfig;
import io.threadwire.distributed.NodeUp;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.Timeouts;
import io.threadwire.testkit.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hidden nodes, as Erlang's {@code -hidden}: a hidden node connects to the nodes it names (its
 * seeds included) and to no one else, no node counts it as a member or reports it to
 * {@code monitorNodes}, and it takes no part in groups or global names, which it reads through
 * a member's node service instead.
 */
class HiddenNodeTest {
    @RegisterExtension
    final Cluster cluster = Cluster.of(3, Fast::cluster).seededBy(0);

    private final List<Node> outside = new ArrayList<>();
    private final List<Worker<List<Object>>> watchers = new ArrayList<>();

    @AfterEach
    void closeTheNodesOutsideTheCluster() {
        watchers.forEach(w -> Messaging.exit(w.thread(), "done"));
        outside.forEach(Node::close);
    }

    /**
     * Scenario: a hidden node seeded by node 0, then a visible one seeded alike. The visible one
     * meets all three members through the seed; the hidden one is connected to its seed alone,
     * lists itself alone, and no member lists it or reports it to monitorNodes.
     */
    @Test
    void aHiddenNodeConnectsToItsSeedAndIsNoMember() {
        cluster.awaitMesh();
        List<NodeAddress> members = addresses(cluster.nodes());
        cluster.nodes().forEach(this::watchNodes);
        Node hidden = start(config().hidden(true));
        Timeouts.await(() -> hidden.connectedNodes().contains(cluster.node(0).address()),
                "the hidden node is connected to its seed");
        Node visible = start(config());
        Timeouts.await(() -> visible.connectedNodes().containsAll(members), "the visible node meets every member");
        for (Node n : cluster.nodes()) {
            Timeouts.await(() -> n.members().size() == 4, n.address() + " lists the visible node");
        }

        assertThat(hidden.connectedNodes()).as("the hidden node meshed with nobody").containsExactly(cluster.node(0).address());
        assertThat(hidden.members()).extracting(Member::address).containsExactly(hidden.address());
        for (Node n : cluster.nodes()) {
            assertThat(n.members()).extracting(Member::address).doesNotContain(hidden.address());
        }
        assertThat(visible.members()).extracting(Member::address).doesNotContain(hidden.address());
        List<Object> expected = List.of(new NodeUp(visible.address(), visible.incarnation()));
        for (Worker<List<Object>> w : watchers) {
            assertThat(events(w)).as("monitorNodes of a member").isEqualTo(expected);
        }
    }

    /**
     * Scenario: a member connects to a hidden node by hand. The connection works (a message and
     * a remote spawn cross it) but is no membership: neither side lists the other, and the
     * member's monitorNodes stays silent, as does the hidden node's.
     */
    @Test
    void aConnectionToAHiddenNodeIsNoMembershipEitherWay() {
        cluster.awaitMesh();
        Node member = cluster.node(1);
        Node hidden = start(NodeConfig.builder().secret(secret()).hidden(true));
        Worker<List<Object>> memberWatch = watchNodes(member);
        Worker<List<Object>> hiddenWatch = watchNodes(hidden);
        LocalThread echo = hidden.spawn(() -> send(receive(), (ThreadRef) receive()));
        hidden.registerRemoteThread(echo, "echo");

        cluster.run(member, () -> {
            member.connect(hidden.address());
            send("over a hidden connection", hidden.remoteThread("echo"));
            send(self(), hidden.remoteThread("echo"));
            assertThat(receive(Timeouts.LONG)).isEqualTo("over a hidden connection");
        });

        member.spawnable("noop", args -> { });
        assertThat(cluster.call(hidden, () -> hidden.spawn(member.address(), "noop", List.of())))
                .as("a spawn over the hidden connection").isInstanceOf(RemoteThread.class);
        assertThat(member.connectedNodes()).contains(hidden.address());
        assertThat(member.members()).extracting(Member::address).doesNotContain(hidden.address());
        assertThat(hidden.members()).extracting(Member::address).containsExactly(hidden.address());
        assertThat(events(memberWatch)).as("the member's monitorNodes").isEmpty();
        assertThat(events(hiddenWatch)).as("the hidden node's monitorNodes").isEmpty();
    }

    /**
     * Scenario: members join a group and register a global name. A hidden node connected to them
     * sees neither in its own view, refuses to join or register, and reads both through a
     * member's node service; the members' views hold nothing of it.
     */
    @Test
    void aHiddenNodeTakesNoPartInGroupsOrGlobalNames() {
        cluster.awaitMesh();
        Node n1 = cluster.node(1);
        LocalThread member = n1.spawn(() -> receive());
        cluster.run(n1, () -> {
            Groups.join("g", member);
            assertThat(GlobalNames.register("svc", member)).isTrue();
        });
        Node hidden = start(config().hidden(true));
        Timeouts.await(() -> hidden.connectedNodes().contains(cluster.node(0).address()),
                "the hidden node is connected to its seed");
        LocalThread own = hidden.spawn(() -> receive());

        cluster.run(hidden, () -> {
            assertThat(Groups.members("g")).isEmpty();
            assertThat(GlobalNames.whereis("svc")).isEmpty();
            assertThatThrownBy(() -> Groups.join("g", own)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("hidden");
            assertThatThrownBy(() -> GlobalNames.register("svc2", own)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("hidden");
        });
        NodeAddress seed = cluster.node(0).address();
        assertThat(cluster.call(hidden, () -> hidden.remote(seed).members("g"))).containsExactly(Handles.of(n1, member));
        assertThat(cluster.call(hidden, () -> hidden.remote(seed).globalNames()))
                .extracting(java.util.Map.Entry::getKey).containsExactly("svc");
        for (Node n : cluster.nodes()) {
            assertThat(cluster.call(n, () -> Groups.members("g"))).hasSize(1);
            assertThat(cluster.call(n, GlobalNames::registeredNames)).containsExactly("svc");
        }
        Messaging.exit(member, "done");
        Messaging.exit(own, "done");
    }

    /** Scenario: the hidden node's seed restarts; the hidden node dials it again, and again is connected to it alone. */
    @Test
    void aHiddenNodeDialsItsSeedAgainWhenItIsLost() {
        cluster.awaitMesh();
        Node hidden = start(config().hidden(true));
        NodeAddress seed = cluster.node(0).address();
        Timeouts.await(() -> hidden.connectedNodes().contains(seed), "the hidden node is connected to its seed");
        Node restarted = cluster.restart(cluster.node(0));
        cluster.awaitMesh();
        Timeouts.await(() -> restarted.connectedNodes().contains(hidden.address())
                && hidden.connectedNodes().equals(Set.of(seed)), "the hidden node is connected to its seed's new incarnation");
        assertThat(restarted.members()).extracting(Member::address).doesNotContain(hidden.address());
    }

    /** Scenario: nodes with names; every member lists every other with the name its handshake gave, and says it in toString. */
    @Test
    void membersCarryTheNamesOfTheirHandshakes() {
        cluster.awaitMesh();
        Node alpha = start(config().name("alpha"));
        Node beta = start(config().name("beta"));
        for (Node n : List.of(cluster.node(0), cluster.node(1), cluster.node(2), alpha, beta)) {
            Timeouts.await(() -> n.members().size() == 5, n.address() + " lists all five");
            assertThat(n.members()).filteredOn(m -> m.address().equals(alpha.address())).singleElement()
                    .satisfies(m -> {
                        assertThat(m.name()).isEqualTo("alpha");
                        assertThat(m.incarnation()).isEqualTo(alpha.incarnation());
                        assertThat(m.toString()).startsWith("alpha (" + alpha.address() + ")");
                    });
            assertThat(n.members()).filteredOn(m -> m.address().equals(beta.address()))
                    .extracting(Member::name).containsExactly("beta");
            assertThat(n.members()).filteredOn(m -> m.address().equals(cluster.node(1).address()))
                    .extracting(Member::name).containsExactly("");
        }
        assertThat(cluster.call(cluster.node(2), () -> cluster.node(2).remote(alpha.address()).members()))
                .extracting(Member::name).contains("alpha", "beta");
    }

    private NodeConfig.Builder config() {
        return Fast.cluster(NodeConfig.builder()).secret(secret()).seeds(cluster.node(0).address());
    }

    private byte[] secret() {
        return cluster.node(0).config().security().secret();
    }

    private Node start(NodeConfig.Builder config) {
        Node n = Node.start(config.build());
        outside.add(n);
        return n;
    }

    /** A thread of {@code node} that keeps what monitorNodes tells it, and sends a copy to any thread whose handle it receives. */
    private Worker<List<Object>> watchNodes(Node node) {
        CountDownLatch subscribed = new CountDownLatch(1);
        Worker<List<Object>> w = Worker.start(node, "watch-nodes", () -> {
            node.monitorNodes();
            subscribed.countDown();
            List<Object> events = new ArrayList<>();
            for (;;) {
                Object m = receive();
                if (m instanceof ThreadRef asker) {
                    send(List.copyOf(events), asker);
                } else {
                    events.add(m);
                }
            }
        });
        try {
            assertThat(subscribed.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        watchers.add(w);
        return w;
    }

    /** What {@code w} has received so far. */
    @SuppressWarnings("unchecked")
    private static List<Object> events(Worker<List<Object>> w) {
        send(self(), w.thread());
        return (List<Object>) receive(List.class, Timeouts.LONG);
    }

    private static List<NodeAddress> addresses(List<Node> nodes) {
        return nodes.stream().map(Node::address).toList();
    }
}
