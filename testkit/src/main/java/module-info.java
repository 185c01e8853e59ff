/**
 * threadwire's test kit: whole clusters in one JVM ({@link io.threadwire.testkit.Cluster}),
 * with fault hooks and leftover checks, usable as a JUnit 5 extension; the tests' time policy
 * ({@link io.threadwire.testkit.Timeouts}) and {@link io.threadwire.testkit.Worker}.
 */
module io.threadwire.testkit {
    requires transitive io.threadwire.distributed;
    requires transitive org.junit.jupiter.api; // Cluster is a JUnit 5 extension: JUnit's types are in its API

    exports io.threadwire.testkit;
}
