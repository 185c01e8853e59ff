package io.threadwire.distributed;

/**
 * Bounds on what the cluster services keep for other nodes ({@link NodeConfig}). A node's own
 * API refuses to go past them ({@code IllegalStateException} naming the limit), so a peer whose
 * messages would is broken or hostile: its connection is closed with the reason logged, and the
 * node goes on serving every other peer. Give every node the same limits.
 *
 * @param maxMembers               nodes in the cluster, 2 to 100,000 (1,000)
 * @param maxGroups                distinct groups one node's threads may be in, 1 to 10,000,000 (10,000)
 * @param maxGroupMemberships      joins one node's threads may hold at once, counting each join,
 *                                 1 to 10,000,000 (100,000)
 * @param maxGlobalNames           global names one node's threads may hold, 1 to 10,000,000 (10,000)
 * @param maxRegistrationsInFlight global-name registrations one node may have under way at once,
 *                                 1 to 10,000 (64); a node's own registrations past it wait their turn
 * @param maxRemoteSpawned         threads started here by other nodes ({@code spawn(node, ...)})
 *                                 running at once, 1 to 10,000,000 (10,000); this node's own
 *                                 spawns by name are not counted
 * @param maxRemoteSpawnedPerPeer  of those, threads started at the request of one node, 1 to
 *                                 10,000,000 (1,000): one node cannot take every place. A
 *                                 request past either bound is refused
 *                                 ({@link RemoteSpawnException.Reason#LIMIT}); the connection
 *                                 stays. A node is known here by the address it claims in the
 *                                 handshake (checked as docs/security.md says), which is all
 *                                 the shared secret can tell apart: a holder of the secret that
 *                                 connects under several addresses (a port each, up to
 *                                 {@code maxConnections}) gets a share for each, all within
 *                                 {@code maxRemoteSpawned}. The share keeps a runaway node from
 *                                 crowding out the others; the total is what bounds this node
 */
public record ClusterLimits(int maxMembers, int maxGroups, int maxGroupMemberships, int maxGlobalNames,
                            int maxRegistrationsInFlight, int maxRemoteSpawned, int maxRemoteSpawnedPerPeer) {
    /** The defaults: the defaults of each limit, as the parameters above give them. */
    public static final ClusterLimits DEFAULT = new ClusterLimits(1_000, 10_000, 100_000, 10_000, 64, 10_000, 1_000);

    /** @throws IllegalArgumentException if a value is out of its range */
    public ClusterLimits {
        ConfigChecks.range(maxMembers, 2, 100_000, "maxMembers");
        ConfigChecks.range(maxGroups, 1, 10_000_000, "maxGroups");
        ConfigChecks.range(maxGroupMemberships, 1, 10_000_000, "maxGroupMemberships");
        ConfigChecks.range(maxGlobalNames, 1, 10_000_000, "maxGlobalNames");
        ConfigChecks.range(maxRegistrationsInFlight, 1, 10_000, "maxRegistrationsInFlight");
        ConfigChecks.range(maxRemoteSpawned, 1, 10_000_000, "maxRemoteSpawned");
        ConfigChecks.range(maxRemoteSpawnedPerPeer, 1, 10_000_000, "maxRemoteSpawnedPerPeer");
    }
}
