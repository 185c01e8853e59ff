package io.threadwire.distributed;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.internal.cluster.seeds.AddressSeeds;
import io.threadwire.distributed.internal.cluster.seeds.SrvSeeds;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where a node finds the seeds of its cluster ({@link NodeConfig.Builder#seeds(SeedProvider)}):
 * the nodes it contacts at start, and again whenever it has no live connection to any of them.
 * Through any one seed a node learns every member and connects to all of them.
 *
 * <p>{@link #seeds()} is called on a helper virtual thread of the node's membership service,
 * never concurrently with itself, once per round; it may block (bounded by the provider's own
 * timeouts). An exception or an empty list means "no seed this round": it is logged once per
 * change, not per round, and the node tries again with backoff. At most the first 64 addresses
 * of a round are used.
 *
 * <p>Built in: a static list ({@link #of}), the A and AAAA records of a DNS name ({@link #dns}),
 * and DNS SRV records ({@link #dnsSrv}); all through the JDK alone.
 */
@FunctionalInterface
public interface SeedProvider {

    /** The seeds to contact this round; may block. */
    List<NodeAddress> seeds() throws Exception;

    /**
     * A fixed list of seeds.
     *
     * @throws NullPointerException naming the null entry, if any
     */
    static SeedProvider of(NodeAddress... seeds) {
        Objects.requireNonNull(seeds, "seeds");
        return of(Arrays.asList(seeds));
    }

    /**
     * A fixed list of seeds (copied).
     *
     * @throws NullPointerException naming the null entry, if any
     */
    static SeedProvider of(List<NodeAddress> seeds) {
        Objects.requireNonNull(seeds, "seeds");
        for (int i = 0; i < seeds.size(); i++) { // List.copyOf would throw a bare NullPointerException
            if (seeds.get(i) == null) {
                throw new NullPointerException("seeds: entry " + i + " is null; give node addresses only");
            }
        }
        List<NodeAddress> copy = List.copyOf(seeds);
        return new SeedProvider() {
            @Override
            public List<NodeAddress> seeds() {
                return copy;
            }

            @Override
            public String toString() {
                return copy.toString();
            }
        };
    }

    /**
     * Every address of {@code host} (its A and AAAA records, through {@code InetAddress}: the
     * system resolver, {@code /etc/hosts}, search domains), each with {@code port}; IPv4 first.
     * The JDK caches answers ({@code networkaddress.cache.ttl}: 30 s by default, 10 s for a
     * name not found), so a change is seen within that. A Kubernetes headless service's name
     * gives every ready pod (every pod, with {@code publishNotReadyAddresses: true}).
     *
     * @throws IllegalArgumentException if {@code host} is blank or {@code port} is not 1 to 65535
     */
    static SeedProvider dns(String host, int port) {
        return new AddressSeeds(host, port);
    }

    /**
     * The targets and ports of the SRV records (RFC 2782) of {@code name}, asked of the
     * system's DNS servers through JNDI; in priority order, then heaviest first. A name not
     * found is an empty round. Each query waits 1 s, then 2 s, then 4 s at most.
     *
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static SeedProvider dnsSrv(String name) {
        return new SrvSeeds(name, null);
    }

    /**
     * As {@link #dnsSrv(String)}, asking the DNS server at {@code server}, a {@code dns:} URI
     * such as {@code dns://127.0.0.1:8600} (Consul's DNS interface).
     *
     * @throws IllegalArgumentException if {@code name} is blank or {@code server} is not a {@code dns:} URI
     */
    static SeedProvider dnsSrv(String name, URI server) {
        Objects.requireNonNull(server, "server");
        return new SrvSeeds(name, server);
    }
}
