package io.threadwire.distributed.internal.security;

import io.threadwire.core.NodeAddress;

/**
 * Who this node is in a handshake: its address and incarnation, whether it asks to encrypt,
 * and the secret it proves it holds.
 */
public record LocalIdentity(NodeAddress address, long incarnation, boolean encrypt, Authenticator authenticator) {
}
