package io.threadwire.distributed.internal.cluster.seeds;

import io.threadwire.core.NodeAddress;
import io.threadwire.distributed.SeedProvider;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Seeds from the A and AAAA records of one host name, through {@link InetAddress} (the
 * system's resolver and the JDK's cache): each address with one port, IPv4 first, then by
 * bytes, without repeats. A name not found is an empty round.
 */
public final class AddressSeeds implements SeedProvider {
    private static final Comparator<InetAddress> ORDER = Comparator
            .comparing((InetAddress a) -> a instanceof Inet4Address ? 0 : 1)
            .thenComparing(InetAddress::getAddress, Arrays::compareUnsigned);

    private final String host;
    private final int port;

    public AddressSeeds(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("the seeds' host name is blank: give a DNS name such as app-nodes.ns.svc.cluster.local");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port (1 to 65535)");
        }
        this.host = host.strip();
        this.port = port;
    }

    @Override
    public List<NodeAddress> seeds() throws UnknownHostException {
        InetAddress[] found;
        try {
            found = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return List.of(); // no such name (yet): an empty round, as the first pod of a service sees
        }
        LinkedHashSet<NodeAddress> seeds = new LinkedHashSet<>();
        Arrays.stream(found).sorted(ORDER).forEach(a -> seeds.add(new NodeAddress(a.getHostAddress(), port)));
        return List.copyOf(seeds);
    }

    @Override
    public String toString() {
        return "dns(" + host + ", " + port + ")";
    }
}
