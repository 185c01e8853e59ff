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
 * @param peerStateBytes   bytes held now for all peers against
 *                         {@link LimitConfig#peerStateMemory() peerStateMemory}: the monitors their
 *                         threads hold on this node's threads, the links they made, and what they
 *                         leave unread past {@code outboundBufferSize}. It goes back to zero once
 *                         no peer holds any of these, whatever became of their connections; a
 *                         figure that creeps towards the bound means peers hold more than they let
 *                         go of
 */
public record NodeStats(long messagesSent, long messagesReceived, long messagesDropped, int connections,
                        int knownNodes, long peerStateBytes) {
}
