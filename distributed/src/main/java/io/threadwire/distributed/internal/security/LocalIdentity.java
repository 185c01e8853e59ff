package io.threadwire.distributed.internal.security;

import io.threadwire.core.NodeAddress;
import io.threadwire.serialize.AdmittedTypes;

/**
 * Who this node is in a handshake: its address, incarnation, name and flags, whether it asks
 * to encrypt, the secrets it proves it holds, what it admits in messages, and where its
 * handshakes' warnings go.
 */
public record LocalIdentity(NodeAddress address, long incarnation, String name, boolean hidden, boolean encrypt,
                            Authenticator authenticator, AdmittedTypes types, Handshake.Warnings warnings) {

    public LocalIdentity(NodeAddress address, long incarnation, String name, boolean hidden, boolean encrypt,
                         Authenticator authenticator, AdmittedTypes types) {
        this(address, incarnation, name, hidden, encrypt, authenticator, types, new Handshake.Warnings());
    }
}
