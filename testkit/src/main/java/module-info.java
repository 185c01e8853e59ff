/**
 * threadwire's test kit: whole clusters in one JVM ({@link io.threadwire.testkit.Cluster}),
 * with fault hooks and leftover checks; a JUnit 5 extension when JUnit is present.
 */
module io.threadwire.testkit {
    requires transitive io.threadwire.distributed;
    requires static org.junit.jupiter.api;

    exports io.threadwire.testkit;
}
