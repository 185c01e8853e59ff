package io.threadwire.tests.cluster;

import io.threadwire.testkit.Cluster;
import org.junit.jupiter.api.RepeatedTest;

class MeshStressTmpTest {
    @RepeatedTest(40)
    void mesh() {
        try (Cluster c = Cluster.of(5, Fast::cluster).seededBy(0).start()) {
            c.awaitMesh();
        }
    }
}
