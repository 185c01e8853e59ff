package io.threadwire.core;

import java.util.Objects;

/**
 * The message a {@link Messaging#monitor monitor} delivers, exactly once, to the monitoring
 * thread when the monitored thread ends, did not exist, or became unreachable.
 *
 * @param ref    the monitored thread, as it was given to {@code monitor}
 * @param reason why it ended: {@code normal}, {@code noproc}, {@code noconnection},
 *               {@code shutdown}, the exception that ended it, or the reason given to
 *               {@link Messaging#exit exit}
 */
public record Down(ThreadRef ref, ExitReason reason) {
    /** @throws NullPointerException if an argument is null */
    public Down {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(reason, "reason");
    }
}
