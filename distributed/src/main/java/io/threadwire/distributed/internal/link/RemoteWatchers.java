package io.threadwire.distributed.internal.link;

import io.threadwire.core.spi.Registration;
import io.threadwire.distributed.internal.wire.Protocol;
import io.threadwire.distributed.internal.wire.ProtocolException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The monitors the peer holds on this node's threads over one channel, by the peer's monitor
 * id: bounded, and all cancelled when the channel closes.
 */
public final class RemoteWatchers {
    private final Map<Long, Registration> byId = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Files the hook watching a thread for the peer's monitor {@code id}.
     *
     * @throws ProtocolException if the peer holds {@link Protocol#MAX_MONITORS_PER_CONNECTION} already
     */
    public void add(long id, Registration hook) {
        if (byId.size() >= Protocol.MAX_MONITORS_PER_CONNECTION) {
            hook.cancel();
            throw new ProtocolException("the peer holds more than " + Protocol.MAX_MONITORS_PER_CONNECTION
                    + " monitors on this node's threads");
        }
        byId.put(id, hook);
        if (closed && byId.remove(id) != null) { // the channel closed meanwhile: nobody would cancel it
            hook.cancel();
        }
    }

    /** Removes monitor {@code id}; true if it was there (whoever removes it reports it, once). */
    public boolean remove(long id) {
        return byId.remove(id) != null;
    }

    /** The peer cancelled monitor {@code id}. */
    public void cancel(long id) {
        Registration r = byId.remove(id);
        if (r != null) {
            r.cancel();
        }
    }

    /** The channel closed: every hook is cancelled, later ones are refused. */
    void closeAll() {
        closed = true;
        for (Long id : byId.keySet()) {
            cancel(id);
        }
    }
}
