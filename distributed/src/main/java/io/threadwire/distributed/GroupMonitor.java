package io.threadwire.distributed;

/**
 * One registration of {@link Groups#monitor}: while it lasts, its thread receives the group's
 * {@link GroupEvent}s. Each registration counts on its own.
 */
@FunctionalInterface
public interface GroupMonitor {

    /**
     * Ends this registration: no event of it is delivered after this returns (events delivered
     * before stay in the mailbox). Returns true if it was active, false if it had ended
     * (cancelled, its thread ended, or its node closed). Any thread of the node may call it; it
     * waits for the node's groups service to take it.
     */
    boolean cancel();
}
