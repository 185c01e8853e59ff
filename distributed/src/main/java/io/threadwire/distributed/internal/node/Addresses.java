package io.threadwire.distributed.internal.node;

import io.threadwire.core.NodeAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
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
 */
final class Addresses {
    static final int CAPACITY = 4096;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, String> hosts = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The canonical form of {@code address}, asking DNS if the name is not known yet. Blocks on DNS. */
    NodeAddress resolve(NodeAddress address) {
        String host = address.host();
        if (isLiteral(host)) {
            return address;
        }
        String known = cached(host);
        if (known == null) {
            try {
                known = InetAddress.getByName(host).getHostAddress();
            } catch (UnknownHostException e) {
                return address; // connecting fails later, with a clear error
            }
            lock.lock();
            try {
                hosts.put(host, known);
            } finally {
                lock.unlock();
            }
        }
        return new NodeAddress(known, address.port());
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
