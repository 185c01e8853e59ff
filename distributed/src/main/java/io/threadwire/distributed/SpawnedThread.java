package io.threadwire.distributed;

import io.threadwire.core.MonitorRef;
import io.threadwire.core.ThreadRef;
import java.util.Objects;

/**
 * A thread started by {@link Node#spawnMonitor}, and the calling thread's monitor of it, set up
 * before the thread ran: exactly one {@link io.threadwire.core.Down} comes of it, with the real
 * reason the thread ended.
 *
 * @param thread  the new thread
 * @param monitor the caller's monitor of it ({@link io.threadwire.core.Messaging#demonitor} cancels it)
 */
public record SpawnedThread(ThreadRef thread, MonitorRef monitor) {
    public SpawnedThread {
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(monitor, "monitor");
    }
}
