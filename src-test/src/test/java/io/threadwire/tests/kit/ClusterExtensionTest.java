package io.threadwire.tests.kit;

import static io.threadwire.core.Messaging.*;
import static io.threadwire.testkit.Timeouts.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.threadwire.core.RemoteThread;
import io.threadwire.distributed.Node;
import io.threadwire.testkit.Cluster;
import io.threadwire.testkit.ThreadwireCluster;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.opentest4j.AssertionFailedError;

/** @ThreadwireCluster: a cluster per test, its nodes as parameters, failures that name the faults. */
@ThreadwireCluster(nodes = 3)
class ClusterExtensionTest {
    private Cluster seenBeforeEach;

    @BeforeEach
    void remember(Cluster cluster) {
        seenBeforeEach = cluster;
    }

    /** The Node parameters are the cluster's nodes in order; @BeforeEach methods get the same cluster. */
    @Test
    void injectsTheClusterAndItsNodesInOrder(Cluster cluster, Node a, Node b, Node c) {
        assertThat(List.of(a, b, c)).isEqualTo(cluster.nodes());
        assertThat(seenBeforeEach).isSameAs(cluster);
        RemoteThread echo = Watch.echo(c);
        assertThat(cluster.call(a, () -> sendSynchronous("through", echo, LONG))).isEqualTo("through");
    }

    /** An annotation on the method wins over the class's; a heartbeat sets the timeouts that follow from it. */
    @Test
    @ThreadwireCluster(nodes = 1, heartbeat = "100ms")
    void theMethodsAnnotationWins(Cluster cluster, Node only) {
        assertThat(cluster.size()).isEqualTo(1);
        Duration timeout = slower(Duration.ofMillis(500)); // five heartbeats
        Duration connect = slower(timeout.multipliedBy(4)); // four heartbeat timeouts, at least a second
        assertThat(only.config().heartbeat().interval()).isEqualTo(Duration.ofMillis(100));
        assertThat(only.config().heartbeat().timeout()).isEqualTo(timeout);
        assertThat(only.config().timeouts().connect()).isEqualTo(connect.compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1) : connect);
    }

    /** Derived timeouts grow on a slow machine ({@code threadwire.test.timeScale} above 1), never shrink. */
    private static Duration slower(Duration d) {
        return Timeouts.SCALE > 1 ? Timeouts.scaled(d) : d;
    }

    /** A test that asks for more nodes than the cluster has fails, saying how many it has. */
    @Test
    void askingForMoreNodesThanStartedFails() {
        TestExecutionSummary s = JUnitRun.run(AsksForThreeNodes.class);
        assertThat(s.getTestsFailedCount()).isEqualTo(1);
        assertThat(JUnitRun.failures(s).get(0)).hasMessageContaining("asks for node 3")
                .hasMessageContaining("@ThreadwireCluster(nodes = 2) starts 2");
    }

    /** A duration the annotation cannot read fails the test with a message that shows how to write one. */
    @Test
    void aBadDurationIsExplained() {
        TestExecutionSummary s = JUnitRun.run(BadDuration.class);
        assertThat(JUnitRun.failures(s).get(0)).hasMessageContaining("heartbeat = \"fast\"")
                .hasMessageContaining("100ms, 2s, 1m");
    }

    /** A number too large for a duration is explained the same way, not thrown as a NumberFormatException. */
    @Test
    void aDurationTooLargeToReadIsExplained() {
        TestExecutionSummary s = JUnitRun.run(HugeDuration.class);
        assertThat(JUnitRun.failures(s).get(0)).hasMessageContaining("heartbeat = \"99999999999999999999ms\"")
                .hasMessageContaining("100ms, 2s, 1m");
    }

    /**
     * A failure under a fault names the nodes and the faults in force, and keeps the assertion's
     * expected and actual values for the IDE.
     */
    @Test
    void aFailureUnderAFaultNamesTheNodesAndTheFault() {
        TestExecutionSummary s = JUnitRun.run(FailsUnderFreeze.class);
        assertThat(s.getTestsFailedCount()).isEqualTo(1);
        Throwable failure = JUnitRun.failures(s).get(0);
        assertThat(failure).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("expected: 2").hasMessageContaining("faults in force: freeze(n1) for")
                .hasMessageContaining("n0 127.0.0.1:").hasMessageContaining("n1 127.0.0.1:");
        assertThat(((AssertionFailedError) failure).getExpected().getStringRepresentation()).isEqualTo("2");
    }

    /**
     * A failure under chaos names its seed and how to replay it, with the heartbeat timeout the
     * schedule was made for: it grows with the time scale, and another one gives another schedule.
     */
    @Test
    void aFailureUnderChaosNamesTheSeed() {
        TestExecutionSummary s = JUnitRun.run(FailsUnderChaos.class);
        assertThat(JUnitRun.failures(s).get(0)).hasMessageContaining("boom").hasMessageContaining("chaos seed 99")
                .hasMessageContaining("replay: cluster.chaos(99L, Duration.ofMillis(300)) on nodes whose heartbeat timeout is "
                        + slower(Duration.ofMillis(250)).toMillis() + " ms");
    }

    /** A test aborted by an assumption stays aborted: the kit adds nothing to it. */
    @Test
    void anAbortedTestIsNotAFailure() {
        TestExecutionSummary s = JUnitRun.run(AbortsUnderFreeze.class);
        assertThat(s.getTestsAbortedCount()).isEqualTo(1);
        assertThat(s.getTestsFailedCount()).isZero();
    }

    /** Under JUnit's parallel execution, tests that run at once each get their own cluster, on its own ports and secret. */
    @Test
    void testsRunningInParallelEachHaveTheirOwnCluster() {
        InParallel.ports.clear();
        TestExecutionSummary s = JUnitRun.run(InParallel.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", String.valueOf(InParallel.TESTS)));
        assertThat(JUnitRun.failures(s)).isEmpty();
        assertThat(s.getTestsSucceededCount()).isEqualTo(InParallel.TESTS);
        assertThat(InParallel.ports).hasSize(InParallel.TESTS * 2);
    }

    @ThreadwireCluster(nodes = 2)
    static class AsksForThreeNodes {
        @Test
        void three(Node a, Node b, Node c) {
        }
    }

    @ThreadwireCluster(heartbeat = "fast")
    static class BadDuration {
        @Test
        void never(Cluster cluster) {
        }
    }

    @ThreadwireCluster(heartbeat = "99999999999999999999ms")
    static class HugeDuration {
        @Test
        void never(Cluster cluster) {
        }
    }

    @ThreadwireCluster(nodes = 2, heartbeat = "50ms")
    static class FailsUnderFreeze {
        @Test
        void fails(Cluster cluster, Node a, Node b) {
            cluster.freeze(b);
            assertThat(1).isEqualTo(2);
        }
    }

    @ThreadwireCluster(nodes = 2, heartbeat = "50ms")
    static class FailsUnderChaos {
        @Test
        void fails(Cluster cluster) {
            cluster.chaos(99, Duration.ofMillis(300));
            throw new IllegalStateException("boom");
        }
    }

    @ThreadwireCluster(nodes = 2)
    static class AbortsUnderFreeze {
        @Test
        void aborts(Cluster cluster, Node a, Node b) {
            cluster.freeze(b);
            Assumptions.assumeTrue(false, "not here");
        }
    }

    @ThreadwireCluster(nodes = 2)
    @Execution(ExecutionMode.CONCURRENT)
    static class InParallel {
        static final int TESTS = 3;
        static final Set<Integer> ports = ConcurrentHashMap.newKeySet();
        static final CountDownLatch together = new CountDownLatch(TESTS);

        private static void roundTrip(Cluster cluster, Node a, Node b) throws InterruptedException {
            together.countDown();
            assertThat(together.await(LONG.toMillis(), TimeUnit.MILLISECONDS)).as("the tests run at once").isTrue();
            RemoteThread echo = Watch.echo(b);
            assertThat(cluster.call(a, () -> sendSynchronous("mine", echo, LONG))).isEqualTo("mine");
            ports.add(a.address().port());
            ports.add(b.address().port());
        }

        @Test
        void one(Cluster cluster, Node a, Node b) throws InterruptedException {
            roundTrip(cluster, a, b);
        }

        @Test
        void two(Cluster cluster, Node a, Node b) throws InterruptedException {
            roundTrip(cluster, a, b);
        }

        @Test
        void three(Cluster cluster, Node a, Node b) throws InterruptedException {
            roundTrip(cluster, a, b);
        }
    }
}
