package io.threadwire.distributed.internal.node;

import java.util.Objects;

/**
 * How a message from another node reaches one of this node's service threads: wrapped, with
 * the sending node as the handshake of the connection it came on authenticated it, not as the
 * message claims. Messages from this node's own threads reach a service unwrapped.
 */
public record ServiceMessage(PeerInfo from, Object message) {
    public ServiceMessage {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(message, "message");
    }
}
