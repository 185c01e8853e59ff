package io.threadwire.distributed.internal.node;

import io.threadwire.core.NodeAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The form node addresses are filed under: the host as an IP literal, so that
 * {@code localhost:9000} and {@code 127.0.0.1:9000} reach one peer over one connection.
 *
 * <p>Two ways in. {@link #resolve} may ask DNS and is for the threads of this node that name a
 * node (a send, a monitor): it caches what it learns. {@link #known} never blocks and is for
 * network threads and readers, which must not wait on DNS for a name a peer chose: an IP
 * literal is its own form, a name is taken from the cache, else kept as written. The cache is
 * bounded (least recently used names go first), so no peer can grow it.
 *
 * <p>This node's own host is kept outside that cache ({@link #isSelf}): however many names peers
 * make it learn, the node never loses the form it knows itself by, so it never takes itself for a
 * peer (nor dials itself) after its name was evicted. So are the addresses a dial found to reach
 * this node itself ({@link #reachedSelf}: the address a node behind NAT is dialed by, an interface
 * it listens on that its own address does not name), up to {@link #CAPACITY} of them: what names
 * them stays in the node, as what names its own address does. They are kept for the node's life;
 * an address that later reaches another node (a forwarding changed) is this node's still.
 */
final class Addresses {
    static final int CAPACITY = 4096;

    /** How a host name becomes an IP literal; a seam for tests, DNS otherwise. */
    interface Resolver {
        String ip(String host) throws UnknownHostException;
    }

    private final NodeAddress self;
    private volatile NodeAddress resolvedSelf; // self as its host resolved; null until it did (a name not resolved yet)
    private final Resolver resolver;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, String> hosts;
    private final Set<NodeAddress> aliases = ConcurrentHashMap.newKeySet(); // dialed addresses that reached this node
    private volatile boolean anyAlias; // spares the common case, no alias, a lookup per send

    /** The addresses of the node at {@code self}; resolves its host now (blocks on DNS: call off the network thread). */
    Addresses(NodeAddress self) {
        this(self, CAPACITY, host -> InetAddress.getByName(host).getHostAddress());
    }

    Addresses(NodeAddress self, int capacity, Resolver resolver) {
        this.self = Objects.requireNonNull(self, "self");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.hosts = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
        resolve(self); // pins this node's own form, unless the name does not resolve yet (asked again then)
    }

    /**
     * Whether {@code node} names this node: its address as configured, or its host's IP with its
     * port, or a name this node resolved to that IP, or an address a dial found to reach this
     * node ({@link #reachedSelf}). Never blocks, so network threads may ask; this node's own
     * forms are never evicted.
     */
    boolean isSelf(NodeAddress node) {
        NodeAddress r = resolvedSelf;
        NodeAddress k = known(node);
        return node.equals(self) || k.equals(self) || k.equals(r)
                || anyAlias && (aliases.contains(k) || aliases.contains(node));
    }

    /**
     * Records that a connection this node dialed to {@code dialed} reached this node itself (its
     * handshake said so, with this node's incarnation): from now on {@code dialed} is this node
     * for {@link #isSelf}. Beyond {@link #CAPACITY} such addresses, no more are kept.
     */
    void reachedSelf(NodeAddress dialed) {
        if (aliases.size() < CAPACITY && aliases.add(dialed)) {
            anyAlias = true;
        }
    }

    /**
     * The canonical form of {@code address}, asking DNS if the name is not known yet. Blocks on
     * DNS. While this node's own name has not resolved (its DNS entry may come after the node
     * starts), an address on this node's port first has it asked again: that address may name
     * this node, and {@link #isSelf} of what this returns must know it.
     */
    NodeAddress resolve(NodeAddress address) {
        String host = address.host();
        if (resolvedSelf == null && address.port() == self.port() && !host.equals(self.host()) && !isLiteral(self.host())) {
            resolve(self);
        }
        if (isLiteral(host)) {
            return address;
        }
        String known = cached(host);
        if (known == null) {
            try {
                known = resolver.ip(host);
            } catch (UnknownHostException e) {
                return address; // connecting fails later, with a clear error
            }
            if (host.equals(self.host())) {
                resolvedSelf = new NodeAddress(known, self.port()); // pinned: outside the bounded cache
            } else {
                lock.lock();
                try {
                    hosts.put(host, known);
                } finally {
                    lock.unlock();
                }
            }
        }
        return new NodeAddress(known, address.port());
    }

    /**
     * The canonical form of {@code address}, asking DNS if the name is not known yet, but waiting
     * no later than {@code deadline} ({@link System#nanoTime}), the lookup made off the calling
     * thread ({@link NameLookups}); {@code address} as written if it did not resolve in time.
     * For the reader of a connection whose peer names itself: this node must file the peer where
     * its own sends to that name go.
     */
    NodeAddress resolve(NodeAddress address, long deadline) {
        NodeAddress k = known(address);
        if (isLiteral(k.host())) {
            return k;
        }
        NodeAddress r = NameLookups.within(() -> resolve(address), deadline);
        return r == null ? address : r;
    }

    /** The canonical form of {@code address} if it is known without asking DNS, else {@code address}. Never blocks. */
    NodeAddress known(NodeAddress address) {
        String host = address.host();
        if (isLiteral(host)) {
            return address;
        }
        String known = cached(host);
        return known == null ? address : new NodeAddress(known, address.port());
    }

    private String cached(String host) {
        NodeAddress r = resolvedSelf;
        if (r != null && host.equals(self.host())) {
            return r.host();
        }
        lock.lock();
        try {
            return hosts.get(host);
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code host} is an IPv4 or IPv6 literal (NodeAddress writes them in one form). */
    static boolean isLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        int dots = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots == 3;
    }
}
