package io.threadwire.tests.security;

import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every test of a hostile cluster peer starts from: the attacked node, a bystander whose
 * numbered messages to it must keep arriving in order, and the attacker, a node holding the
 * secret whose threads speak the cluster services' protocol. Each test class registers its
 * cluster with the limits it attacks.
 */
abstract class ClusterAttackTest {
    Bystander bystander;
    Node attacked;
    ClusterAttacker attacker;

    /** The cluster the test class registered, with its own cluster limits. */
    abstract Cluster cluster();

    @BeforeEach
    final void connect() {
        attacked = AttackedNode.attacked(cluster());
        bystander = new Bystander(AttackedNode.legit(cluster()), attacked);
        attacker = new ClusterAttacker(cluster());
    }

    @AfterEach
    final void closeTheAttacker() {
        attacker.close();
    }
}
