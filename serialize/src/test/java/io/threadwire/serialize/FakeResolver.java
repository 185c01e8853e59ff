package io.threadwire.serialize;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's handle table in miniature: {@link #export} gives each local thread an id of its
 * own (deliberately not the thread's {@code id()}, so a test sees that the wire carries the
 * resolver's id), and {@link #resolve} maps ids this node gave out back to their threads.
 * Thread-safe.
 */
final class FakeResolver implements HandleResolver {
    private final NodeAddress address;
    private final long incarnation;
    private final AtomicLong nextId = new AtomicLong(1_000);
    private final Map<LocalThread, Long> ids = new ConcurrentHashMap<>(); // LocalThread compares by identity
    private final Map<Long, LocalThread> threads = new ConcurrentHashMap<>();

    FakeResolver(String host, int port, long incarnation) {
        this.address = new NodeAddress(host, port);
        this.incarnation = incarnation;
    }

    NodeAddress address() {
        return address;
    }

    long incarnation() {
        return incarnation;
    }

    @Override
    public RemoteThread.ById export(LocalThread thread) {
        long id = ids.computeIfAbsent(thread, t -> {
            long assigned = nextId.getAndIncrement();
            threads.put(assigned, t);
            return assigned;
        });
        return new RemoteThread.ById(address, incarnation, id);
    }

    @Override
    public ThreadRef resolve(RemoteThread.ById handle) {
        if (handle.node().equals(address) && handle.incarnation() == incarnation) {
            LocalThread thread = threads.get(handle.id());
            if (thread != null) {
                return thread;
            }
        }
        return handle;
    }
}
