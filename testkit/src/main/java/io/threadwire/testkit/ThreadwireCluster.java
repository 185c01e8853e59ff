package io.threadwire.testkit;

import io.threadwire.distributed.WireProtection;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each test with a fresh {@link Cluster} of {@link #nodes} nodes, and hands the test its
 * nodes and the cluster as parameters:
 * <pre>{@code
 * @ThreadwireCluster(nodes = 3, heartbeat = "100ms")
 * class FailoverTest {
 *     @Test
 *     void failsOver(Cluster cluster, Node a, Node b, Node c) { ... }
 * }
 * }</pre>
 * A parameter of type {@code Cluster} gets the cluster; the {@code Node} parameters get nodes 0,
 * 1, 2, ... in the order they are declared (a method that asks for more nodes than the cluster
 * has fails, saying so). Test methods and {@code @BeforeEach} / {@code @AfterEach} methods may
 * ask for them; all see the same cluster. The cluster is started before the
 * {@code @BeforeEach} methods and closed, with its checks ({@link Cluster#close}), after the
 * {@code @AfterEach} methods.
 *
 * <p>On a class, it applies to every test of the class, its subclasses and its {@code @Nested}
 * classes; on a method, to that test (and it wins over the class's). Each test has a cluster of
 * its own on free ports with its own secret, so tests may run in parallel (JUnit's
 * {@code junit.jupiter.execution.parallel.enabled}). A failure of a test under faults names
 * the nodes, the faults in force and the chaos seeds.
 *
 * <p>Durations are written {@code 100ms}, {@code 2s}, {@code 1m} (also {@code ns}, {@code us},
 * {@code h}), or in ISO-8601 ({@code PT0.1S}). With a {@link #heartbeat} and no timeout, the
 * heartbeat timeout is five heartbeats and the connect timeout four heartbeat timeouts (at least
 * a second), both times {@link Timeouts#SCALE}, so that fault scenarios run fast.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(ClusterExtension.class)
public @interface ThreadwireCluster {

    /** How many nodes; at least 1. */
    int nodes() default 2;

    /** The heartbeat interval of every node ({@code NodeConfig.heartbeatInterval}); empty: the default (1 s). */
    String heartbeat() default "";

    /** The heartbeat timeout ({@code NodeConfig.heartbeatTimeout}); empty: derived from {@link #heartbeat}, else the default (10 s). */
    String heartbeatTimeout() default "";

    /** The connect timeout ({@code NodeConfig.connectTimeout}); empty: derived from the heartbeat timeout, else the default (5 s). */
    String connectTimeout() default "";

    /**
     * How the nodes protect their frames ({@code NodeConfig.wireProtection}): encrypted, as
     * every node is by default, unless a test says otherwise by name.
     */
    WireProtection wireProtection() default WireProtection.ENCRYPTED;
}
