package io.threadwire.core.internal;

import io.threadwire.core.LocalThread;
import io.threadwire.core.RemoteThread;
import io.threadwire.core.spi.Transport;

/**
 * Which way an operation on a {@link LocalThread} goes. Threads of two different nodes talk
 * over their nodes' connection even when they share this JVM, whatever handle the sender
 * holds, so that what runs between nodes of one JVM is exactly what runs between machines
 * (encoding, admission, order, partitions). Everything else (both threads of one node, or either
 * of no node, such as {@code main}) is local to the JVM and goes straight to the mailbox.
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
}
