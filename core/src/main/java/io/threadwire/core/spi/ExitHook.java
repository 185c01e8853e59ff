package io.threadwire.core.spi;

import io.threadwire.core.ExitReason;
import io.threadwire.core.ThreadRef;

/**
 * Runs once when a watched thread ends. It must not block, and it runs on the thread that
 * learns of the end:
 * <ul>
 *   <li>a thread started by threadwire: that thread itself, after its body has returned or
 *       thrown, before its mailbox is released;
 *   <li>a thread threadwire did not start (such as {@code main} or a pool thread): the virtual
 *       watcher thread ({@code threadwire-watch-<id>}) that saw it terminate, or the thread
 *       itself when an exit signal ended its threadwire life;
 *   <li>a thread of another node ({@link Transport#monitor}): a virtual thread of the node that
 *       learned of it (the connection's reader when the other node reports the end, the thread
 *       that handles a lost connection; as for a local thread if the handle names the
 *       monitoring node itself), never KryoNet's update thread and never the thread that
 *       registered the hook, before registering returned.
 * </ul>
 */
@FunctionalInterface
public interface ExitHook {
    void exited(ThreadRef thread, ExitReason reason);
}
