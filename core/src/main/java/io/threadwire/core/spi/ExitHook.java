package io.threadwire.core.spi;

import io.threadwire.core.ExitReason;
import io.threadwire.core.ThreadRef;

/**
 * Runs once when a watched thread ends. Runs on the thread that learns of it (the ending
 * thread itself, or a node's network thread): it must not block.
 */
@FunctionalInterface
public interface ExitHook {
    void exited(ThreadRef thread, ExitReason reason);
}
