package io.threadwire.distributed.internal.security;

import io.threadwire.core.NodeAddress;
import io.threadwire.serialize.AdmittedTypes;

/**
 * Who this node is in a handshake: its address, incarnation, name and flags, whether it asks
 * to encrypt, the secrets it proves it holds, and what it admits in messages.
 */
public record LocalIdentity(NodeAddress address, long incarnation, String name, boolean hidden, boolean encrypt,
                            Authenticator authenticator, AdmittedTypes types) {
}
