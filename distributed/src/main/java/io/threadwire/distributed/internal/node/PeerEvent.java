package io.threadwire.distributed.internal.node;

import java.util.Objects;

/**
 * What a subscriber of {@link ClusterPort#subscribe} receives about the node's peers. Per peer,
 * after the subscription's snapshot, {@link PeerUp} and {@link PeerDown} alternate; a
 * {@code PeerDown} is delivered after every message that arrived on the lost connection and
 * before any message of the next connection with that peer.
 */
public sealed interface PeerEvent {

    PeerInfo peer();

    /** A connection with {@code peer} is up. */
    record PeerUp(PeerInfo peer) implements PeerEvent {
        public PeerUp {
            Objects.requireNonNull(peer, "peer");
        }
    }

    /**
     * The connection with {@code peer} was lost; {@code left} if the peer said Goodbye first
     * (its node closed in order, and is not to be dialed again).
     */
    record PeerDown(PeerInfo peer, String reason, boolean left) implements PeerEvent {
        public PeerDown {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
