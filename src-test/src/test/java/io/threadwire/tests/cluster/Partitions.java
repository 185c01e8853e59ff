package io.threadwire.tests.cluster;

import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import java.util.List;

/** Partitions of a test cluster: every link between two sides cut, or healed. */
final class Partitions {
    private Partitions() {
    }

    /** Cuts every link between a node of {@code left} and a node of {@code right}; returns once all losses are handled. */
    static void split(Cluster cluster, List<Node> left, List<Node> right) {
        for (Node a : left) {
            for (Node b : right) {
                cluster.disconnect(a, b);
            }
        }
    }

    /** Lets every node of {@code left} reach every node of {@code right} again; their membership services reconnect them. */
    static void heal(Cluster cluster, List<Node> left, List<Node> right) {
        for (Node a : left) {
            for (Node b : right) {
                cluster.heal(a, b);
            }
        }
    }
}
