/**
 * threadwire's test kit: whole clusters in one JVM ({@link io.threadwire.testkit.Cluster}),
 * every network and process fault between their nodes, replayable chaos
 * ({@link io.threadwire.testkit.Chaos}) and checks on close, as a JUnit 5 extension
 * ({@link io.threadwire.testkit.ThreadwireCluster}); a checker of message histories
 * ({@link io.threadwire.testkit.History}); the tests' time policy
 * ({@link io.threadwire.testkit.Timeouts}), a capture of the log ({@link io.threadwire.testkit.LogCapture})
 * and {@link io.threadwire.testkit.Worker}.
 */
module io.threadwire.testkit {
    requires transitive io.threadwire.distributed;
    requires transitive org.junit.jupiter.api; // Cluster is a JUnit 5 extension: JUnit's types are in its API
    requires org.slf4j;                         // the faults and chaos schedules of a test are logged
    requires jdk.management;                    // a failed reachability check dumps the threads (ThreadDumps)

    exports io.threadwire.testkit;
}
