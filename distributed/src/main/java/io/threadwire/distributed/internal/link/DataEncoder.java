package io.threadwire.distributed.internal.link;

import io.threadwire.serialize.AdmittedTypes;

/**
 * Encodes an application item again for a peer that admits other types than this node (its
 * handshake said which), when the item was kept while its channel was being made: the sender did
 * not know the peer's types when it sent, and has gone on since. Runs on the new channel's
 * reader, under its link's lock: must not block.
 */
@FunctionalInterface
public interface DataEncoder {
    /**
     * The item as the peer that admits {@code peerTypes} takes it; null if the peer does not admit
     * a class of it, or it cannot be encoded again (the encoder has then counted and logged the
     * dropped message: nobody waits for it any more). Never throws.
     */
    byte[] forPeer(AdmittedTypes peerTypes);
}
