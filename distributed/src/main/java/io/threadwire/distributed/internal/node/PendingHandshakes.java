package io.threadwire.distributed.internal.node;

import io.threadwire.distributed.internal.link.Channel;
import io.threadwire.distributed.internal.logging.RateLimitedWarning;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections in their handshake: bounded in all ({@code maxPendingHandshakes}) and per
 * source address ({@code maxPendingHandshakesPerAddress}). Rather than refusing a newcomer past
 * a bound, which would let a few idle sockets (they need no secret) lock every new node out,
 * the longest-waiting accepted connection is evicted: of the newcomer's own address when that
 * address holds its share, else of the address that holds the most. A flood from one address
 * so evicts its own sockets, not other addresses' handshakes. Evictions are logged at most once
 * every ten seconds.
 */
final class PendingHandshakes {
    private static final Logger LOG = LoggerFactory.getLogger(PendingHandshakes.class);

    private final RateLimitedWarning evicted = new RateLimitedWarning(LOG);
    private final int max;
    private final int maxPerAddress;
    private final Set<Channel> all = ConcurrentHashMap.newKeySet();
    private final ReentrantLock admitting = new ReentrantLock(); // one accepted connection at a time

    PendingHandshakes(int max, int maxPerAddress) {
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    /** The connections in their handshake (a live view). */
    Set<Channel> all() {
        return all;
    }

    /** A connection was accepted from {@code sourceIp}: makes room for it, then holds it. */
    void admitAccepted(Channel channel, String sourceIp) {
        admitting.lock();
        try {
            Map<String, Integer> perAddress = new HashMap<>();
            for (Channel c : all) {
                if (c.role() == Channel.Role.ACCEPTED) {
                    perAddress.merge(c.remote().sourceIp(), 1, Integer::sum);
                }
            }
            String evictFrom = null;
            if (perAddress.getOrDefault(sourceIp, 0) >= maxPerAddress) {
                evictFrom = sourceIp;
            } else if (all.size() >= max) {
                evictFrom = perAddress.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                        .orElse(null);
            }
            if (evictFrom != null) {
                evictOldest(evictFrom, perAddress.getOrDefault(evictFrom, 0));
            }
            all.add(channel);
        } finally {
            admitting.unlock();
        }
    }

    private void evictOldest(String ip, int held) {
        Channel oldest = null;
        for (Channel c : all) {
            if (c.role() == Channel.Role.ACCEPTED && ip.equals(c.remote().sourceIp())
                    && (oldest == null || c.openedAt() < oldest.openedAt())) {
                oldest = c;
            }
        }
        if (oldest != null) {
            evicted.warn("{} connections are waiting to authenticate, {} of them from {}; closing the oldest of those",
                    all.size(), held, ip);
            all.remove(oldest);
            oldest.close("evicted: too many connections waiting to authenticate");
        }
    }

    /** This node dialed a connection. */
    void addDialed(Channel channel) {
        all.add(channel);
    }

    void remove(Channel channel) {
        all.remove(channel);
    }
}
