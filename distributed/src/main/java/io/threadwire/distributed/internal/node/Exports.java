package io.threadwire.distributed.internal.node;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.ThreadRef;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Registration;
import io.threadwire.core.spi.Transport;
import io.threadwire.distributed.internal.wire.Wire;
import io.threadwire.serialize.HandleResolver;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The threads of this JVM that other nodes can reach through this node by id: every live thread
 * the node owns, from its start (as an Erlang pid is reachable once it exists), and every
 * thread of no node whose handle has left through this node. Both tables lose a thread when it
 * ends, so they hold live threads only.
 *
 * <p>Also how handles travel for this node's codec ({@link HandleResolver}): a thread of another
 * node of this JVM is written with that node's address, so a reply to it goes to that node.
 */
final class Exports implements HandleResolver {
    private final Transport self;
    private final NodeAddress address;
    private final long incarnation;
    private final Map<Long, LocalThread> owned = new ConcurrentHashMap<>();
    private final Map<Long, LocalThread> adopted = new ConcurrentHashMap<>();

    Exports(Transport self, NodeAddress address, long incarnation) {
        this.self = self;
        this.address = address;
        this.incarnation = incarnation;
    }

    /** A thread of this node was created (before it runs). */
    void threadStarted(LocalThread thread) {
        long id = thread.id();
        owned.put(id, thread);
        if (LocalThreads.onExit(thread, (t, reason) -> owned.remove(id, thread)) == null) {
            owned.remove(id, thread);
        }
    }

    /** The live threads this node owns (a snapshot). */
    Set<LocalThread> owned() {
        return Set.copyOf(owned.values());
    }

    /** The remote handle of a thread of this node (it is reachable already). */
    RemoteThread.ById handleOf(LocalThread thread) {
        return new RemoteThread.ById(address, incarnation, thread.id());
    }

    @Override
    public RemoteThread.ById export(LocalThread thread) {
        Transport owner = LocalThreads.owner(thread);
        if (owner != null && owner != self) {
            return owner.handleOf(thread); // a thread of another node of this JVM carries that node's address
        }
        if (owner == null) {
            adopt(thread);
        }
        return handleOf(thread);
    }

    private void adopt(LocalThread thread) {
        long id = thread.id();
        if (!adopted.containsKey(id) && adopted.putIfAbsent(id, thread) == null) {
            Registration r = LocalThreads.onExit(thread, (t, reason) -> adopted.remove(id, thread));
            if (r == null) {
                adopted.remove(id, thread);
            }
        }
    }

    @Override
    public ThreadRef resolve(RemoteThread.ById handle) {
        if (handle.incarnation() == incarnation && handle.node().equals(address)) {
            LocalThread t = byId(handle.id());
            if (t != null) {
                return t;
            }
        }
        return handle;
    }

    /** The live thread of this node (or adopted by it) that {@code target} names, or null. */
    LocalThread lookup(Wire.Target target, LocalThreads.Names names) {
        return switch (target) {
            case Wire.ById byId -> byId.incarnation() == incarnation ? byId(byId.id()) : null;
            case Wire.ByName byName -> names.lookup(byName.name());
        };
    }

    private LocalThread byId(long id) {
        LocalThread t = owned.get(id);
        return t != null ? t : adopted.get(id);
    }
}
