package io.threadwire.distributed.internal.cluster.protocol;

import java.util.List;

/**
 * Requests to a node's node service, made as synchronous calls by any authenticated peer (and
 * by the node's own threads), and its list reply (see {@code package-info}).
 */
public sealed interface InspectProtocol {

    /** Answered with the node's {@code Member}. */
    record Ping() implements InspectProtocol {
    }

    /** Answered with {@code Optional<ThreadRef>}: the thread registered as {@code name} there. */
    record WhereIs(String name) implements InspectProtocol {
    }

    /** Answered with a {@link Listing} of the names registered there, sorted. */
    record ListNames() implements InspectProtocol {
    }

    /** Answered with a {@link Listing} of {@code Member}s: the cluster as that node sees it. */
    record ListMembers() implements InspectProtocol {
    }

    /** Answered with a {@link Listing} of the groups that node knows, sorted. */
    record ListGroups() implements InspectProtocol {
    }

    /** Answered with a {@link Listing} of the members of {@code group} in that node's view. */
    record GroupMembers(String group) implements InspectProtocol {
    }

    /** Answered with a {@link Listing} of {@code GlobalName}s in that node's view, sorted by name. */
    record ListGlobalNames() implements InspectProtocol {
    }

    /** Answered with the node's {@code NodeInfo}. */
    record Info() implements InspectProtocol {
    }

    /**
     * The answer to a request whose handling failed on that node (it was closing, an error),
     * {@code detail} naming what failed: sent at once, so that the caller is not left to its
     * timeout. Added within protocol version 4 without breaking it: a peer whose codec does not
     * admit this record (an older build) is never sent it (the encoder refuses it), and its
     * caller waits to its timeout as before.
     */
    record Failed(String detail) implements InspectProtocol {
    }

    /** A list cut at {@link #MAX} entries ({@code truncated} then). */
    record Listing<T>(List<T> items, boolean truncated) implements InspectProtocol {
        public static final int MAX = io.threadwire.distributed.Listing.MAX; // what RemoteNode promises

        public static <T> Listing<T> of(List<T> all) {
            return all.size() <= MAX ? new Listing<>(List.copyOf(all), false)
                    : new Listing<>(List.copyOf(all.subList(0, MAX)), true);
        }
    }
}
