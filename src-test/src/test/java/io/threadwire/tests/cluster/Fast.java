package io.threadwire.tests.cluster;

import io.threadwire.distributed.NodeConfig;
import io.threadwire.testkit.Timeouts;
import java.time.Duration;

/**
 * Settings of the cluster tests' nodes: a lost member is detected within a second and dialed
 * again within half a second, so that partitions heal quickly; connections get the tests'
 * generous bound.
 */
final class Fast {
    private Fast() {
    }

    static NodeConfig.Builder cluster(NodeConfig.Builder b) {
        return b.heartbeatInterval(Duration.ofMillis(100)).heartbeatTimeout(Timeouts.scaled(Duration.ofSeconds(1)))
                .seedRetry(Duration.ofMillis(50), Duration.ofMillis(500))
                .connectTimeout(Timeouts.PROMPT).handshakeTimeout(Timeouts.PROMPT);
    }
}
