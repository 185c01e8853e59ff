package io.threadwire.distributed;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node finds and keeps its cluster ({@link NodeConfig}).
 *
 * @param seeds               where the seeds come from; none by default (the node joins a cluster
 *                            when it connects to one of its members, or one connects to it)
 * @param retryFirst          the first delay between seed rounds, and between attempts to reach a
 *                            lost member: 1 ms to 1 h (200 ms); it doubles (within ±20 %) after each
 *                            failure
 * @param retryMax            the longest such delay, at least {@code retryFirst} (30 s)
 * @param lostMemberRetention how long a member lost without saying goodbye is dialed again
 *                            (what heals a partition), 1 s to 30 days (1 h)
 */
public record ClusterConfig(SeedProvider seeds, Duration retryFirst, Duration retryMax, Duration lostMemberRetention) {
    /** The provider of a node without seeds. */
    public static final SeedProvider NO_SEEDS = SeedProvider.of(List.of());

    /** No seeds; 200 ms to 30 s between attempts; lost members retried for an hour. */
    public static final ClusterConfig DEFAULT = new ClusterConfig(NO_SEEDS, Duration.ofMillis(200),
            Duration.ofSeconds(30), Duration.ofHours(1));

    /** @throws IllegalArgumentException if a duration is out of its range */
    public ClusterConfig {
        Objects.requireNonNull(seeds, "seeds");
        within(ConfigChecks.positive(retryFirst, "seedRetry first"), Duration.ofMillis(1), Duration.ofHours(1),
                "seedRetry first");
        ConfigChecks.positive(retryMax, "seedRetry max");
        if (retryMax.compareTo(retryFirst) < 0) {
            throw new IllegalArgumentException("seedRetry max (" + retryMax + ") must be at least the first delay ("
                    + retryFirst + ")");
        }
        within(ConfigChecks.positive(lostMemberRetention, "lostMemberRetention"), Duration.ofSeconds(1),
                Duration.ofDays(30), "lostMemberRetention");
    }

    /** Whether seeds were given: a node without them joins a cluster only when a member connects to it, or it to one. */
    public boolean hasSeeds() {
        return seeds != NO_SEEDS;
    }

    private static void within(Duration d, Duration min, Duration max, String name) {
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " " + d + " is outside " + min + " to " + max);
        }
    }
}
