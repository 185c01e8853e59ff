package io.threadwire.distributed.internal.link;

import io.threadwire.core.LocalThread;
import io.threadwire.core.NodeAddress;
import io.threadwire.core.spi.LocalThreads;
import io.threadwire.core.spi.Registration;
import io.threadwire.distributed.NodeDown;
import io.threadwire.distributed.NodeUp;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The threads of this node that monitor one other node. Each registration is one entry, as in
 * Erlang (two by one thread deliver two of each event; cancelling one leaves the other), and
 * each entry's events name the node as its watcher wrote it.
 */
final class NodeWatches {

    /** One registration; identity, not value: two by one thread are two. */
    private final class Entry implements Registration {
        final LocalThread watcher;
        final NodeAddress named;
        volatile Registration onWatcherExit;

        Entry(LocalThread watcher, NodeAddress named) {
            this.watcher = watcher;
            this.named = named;
        }

        @Override
        public boolean cancel() {
            Registration r = onWatcherExit;
            if (r != null) {
                r.cancel();
            }
            return entries.remove(this);
        }
    }

    private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();

    /**
     * Adds a registration of {@code watcher}, whose events will name the node {@code named};
     * it ends when cancelled or when the watcher ends. Null if the watcher has ended.
     */
    Registration add(LocalThread watcher, NodeAddress named) {
        Entry e = new Entry(watcher, named);
        entries.add(e);
        Registration onExit = LocalThreads.onExit(watcher, (t, r) -> entries.remove(e));
        if (onExit == null) {
            entries.remove(e);
            return null;
        }
        e.onWatcherExit = onExit;
        return e;
    }

    void up(long incarnation, String name) {
        for (Entry e : entries) {
            LocalThreads.deliver(e.watcher, new NodeUp(e.named, incarnation, name));
        }
    }

    void down(String reason, String name) {
        for (Entry e : entries) {
            LocalThreads.deliver(e.watcher, new NodeDown(e.named, reason, name));
        }
    }

    int size() {
        return entries.size();
    }
}
