package io.threadwire.distributed;

import java.time.Instant;
import java.util.Objects;

/**
 * What a node says about itself through its node service ({@link RemoteNode#info()}).
 *
 * @param self    the node as a member
 * @param version the threadwire version it runs ("unknown" if its jar does not say)
 * @param started when it started, by its own clock
 * @param stats   its counters now
 */
public record NodeInfo(Member self, String version, Instant started, NodeStats stats) {
    public NodeInfo {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(stats, "stats");
    }
}
