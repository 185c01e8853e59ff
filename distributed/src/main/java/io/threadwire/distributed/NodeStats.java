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
 * @param knownNodes       nodes this node keeps a link to: connected, connecting, watched, or
 *                         holding state here; a node with none of these is forgotten after six
 *                         heartbeat timeouts
 */
public record NodeStats(long messagesSent, long messagesReceived, long messagesDropped, int connections,
                        int knownNodes) {
}
