package io.threadwire.distributed.internal.security;

import io.threadwire.core.NodeAddress;
import io.threadwire.serialize.AdmittedTypes;

/**
 * Who the peer of a connection says it is, as its handshake told: its address and incarnation,
 * its node name (empty: none), whether it is hidden (joins no cluster mesh), and what it admits
 * in messages (null until its extensions were read). Proven by the handshake only in that the
 * peer holds the secret: see {@code Protocol} on what a holder of the secret can claim.
 */
public record PeerIdentity(NodeAddress address, long incarnation, String name, boolean hidden, AdmittedTypes types) {

    PeerIdentity withTypes(AdmittedTypes t) {
        return new PeerIdentity(address, incarnation, name, hidden, t);
    }
}
