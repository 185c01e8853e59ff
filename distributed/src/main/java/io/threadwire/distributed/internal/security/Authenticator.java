package io.threadwire.distributed.internal.security;

import io.threadwire.distributed.internal.wire.Protocol;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster secrets this node holds: the current one, which it proves first, and during a
 * rollover the previous one, which it still accepts (and proves too, so that nodes not yet
 * given the new secret still take its connections). The secrets are only ever used as key
 * material: they never cross the wire.
 */
public final class Authenticator {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<byte[]> secrets;

    /** @param previous the secret being rolled away from, or null */
    public Authenticator(byte[] current, byte[] previous) {
        List<byte[]> s = new ArrayList<>(Protocol.MAX_SECRETS);
        s.add(current.clone());
        if (previous != null) {
            s.add(previous.clone());
        }
        this.secrets = List.copyOf(s);
    }

    /** The key schedule of a new handshake. */
    KeySchedule schedule() {
        return new KeySchedule(secrets);
    }

    static byte[] nonce() {
        byte[] n = new byte[Protocol.NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }
}
