package io.threadwire.core.internal;

import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.spi.Transport;
import io.threadwire.core.spi.Transports;

/**
 * Which way an operation on a {@link LocalThread} goes. Threads of two different nodes talk
 * over their nodes' connection even when they share this JVM, whatever handle the sender
 * holds, so that what runs between nodes of one JVM is exactly what runs between machines
 * (encoding, admission, order, partitions). Everything else (both threads of one node, or either
 * of no node, such as {@code main}) is local to the JVM and goes straight to the mailbox, also
 * when the sender holds a remote handle of the thread (a name, a handle that travelled): else
 * what it sends through that handle (over the default node's connection) and what it sends
 * through the {@code LocalThread}, or its {@code Down} to a watcher that holds that, would take
 * two ways, and the one could pass the other.
 */
final class Routes {
    private Routes() {
    }

    /**
     * The remote handle through which {@code me} must reach {@code target}, or null when it
     * reaches it directly.
     */
    static RemoteThread.ById across(ThreadState me, ThreadState target) {
        Transport theirs = target.owner();
        if (theirs == null || me == null) {
            return null;
        }
        Transport mine = me.owner();
        return mine == null || mine == theirs ? null : theirs.handleOf(target.ref());
    }

    /**
     * The thread of this JVM that {@code target} names, when {@code me} (null: no thread) reaches
     * it directly: one of them belongs to no node, and another node than the sender's holds it
     * (the sender's node reaches its own threads itself). Null otherwise, and when the JVM runs one
     * node only (then no other node holds it). A thread of no node still needs a default node to
     * use a remote handle at all, as it would to send through it.
     */
    static LocalThread direct(ThreadState me, RemoteThread target) {
        if (!Transports.several()) {
            return null;
        }
        Transport mine = me == null ? null : me.owner();
        if (mine == null && Transports.getDefault() == null) {
            return null;
        }
        LocalThread local = Transports.threadOf(target, mine);
        return local != null && (mine == null || Access.state(local).owner() == null) ? local : null;
    }
}
