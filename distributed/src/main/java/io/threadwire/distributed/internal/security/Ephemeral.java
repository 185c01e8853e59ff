package io.threadwire.distributed.internal.security;

import io.threadwire.distributed.internal.wire.Protocol;
import io.threadwire.distributed.internal.wire.ProtocolException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * One side's ephemeral X25519 key pair (RFC 7748) for one handshake, from the JDK's XDH: its
 * public key travels as 32 little-endian bytes, and the agreement with the peer's gives the
 * secret that makes the connection's keys forward-secret. The private key lives only as long
 * as the handshake.
 */
final class Ephemeral {
    private final KeyPair pair;

    Ephemeral() {
        try {
            pair = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no X25519", e);
        }
    }

    /** The public key, as the wire carries it. */
    byte[] publicKey() {
        BigInteger u = ((XECPublicKey) pair.getPublic()).getU();
        byte[] big = u.toByteArray(); // big-endian, maybe with a sign byte
        byte[] little = new byte[Protocol.KEY_BYTES];
        for (int i = 0; i < little.length && i < big.length; i++) {
            little[i] = big[big.length - 1 - i];
        }
        return little;
    }

    /**
     * The shared secret with the peer whose public key is {@code peerKey}.
     *
     * @throws ProtocolException if the key is not a usable X25519 public key (a low-order point
     *                           gives an all-zero secret, which is refused)
     */
    byte[] agree(byte[] peerKey) {
        if (peerKey.length != Protocol.KEY_BYTES) {
            throw new ProtocolException("an ephemeral key of " + peerKey.length + " bytes");
        }
        byte[] big = new byte[Protocol.KEY_BYTES];
        for (int i = 0; i < big.length; i++) {
            big[i] = peerKey[peerKey.length - 1 - i];
        }
        big[0] &= 0x7F; // RFC 7748: the top bit of the last byte is ignored
        try {
            var spec = new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, big));
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(pair.getPrivate());
            agreement.doPhase(KeyFactory.getInstance("XDH").generatePublic(spec), true);
            byte[] shared = agreement.generateSecret();
            int or = 0;
            for (byte b : shared) {
                or |= b;
            }
            if (or == 0) {
                throw new ProtocolException("the peer's ephemeral key gives an all-zero secret");
            }
            return shared;
        } catch (GeneralSecurityException e) {
            throw new ProtocolException("the peer's ephemeral key is not usable: " + e.getMessage(), e);
        }
    }
}
