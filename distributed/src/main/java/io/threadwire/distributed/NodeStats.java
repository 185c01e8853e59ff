package io.threadwire.distributed;

/**
 * Counters of one node since it started.
 *
 * @param messagesSent     messages (and replies to synchronous calls) this node's threads sent to
 *                         other nodes
 * @param messagesReceived messages (and replies) from other nodes delivered to this node's threads
 * @param messagesDropped  messages that reached no thread: unknown name, ended thread, stale
 *                         handle of an earlier incarnation, or a connection lost while sending
 * @param connections      connections up now
 */
public record NodeStats(long messagesSent, long messagesReceived, long messagesDropped, int connections) {
}
